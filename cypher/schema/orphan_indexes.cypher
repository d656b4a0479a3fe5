// Indexes named as one of the project's constraints but owned by none: a server killed while
// a uniqueness constraint was being built keeps the index it was populating under the
// constraint's name, and the constraint could then never be created again.
//
// Access: read
// Parameters:
//   $names   the names of the constraints the migrations create
// Returns: name
SHOW INDEXES YIELD name, owningConstraint
WHERE owningConstraint IS NULL AND name IN $names
RETURN name
