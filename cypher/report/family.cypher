// The stored family of the given id (written by `lineage compute`); no row when not computed.
//
// Access: read
// Parameters:
//   $id   the family's id (the `family` value of its models)
// Returns: family
MATCH (f:Family {id: $id})
RETURN f {.*} AS family
