// Whether the graph holds any alias (a renamed model's old id): loads resolve the ids they
// read through aliases only when there is one to find.
//
// Access: read
// Parameters: none
// Returns: key
MATCH (a:Alias)
RETURN a.key AS key
LIMIT 1
