// Whether the graph holds any model (a load into an empty graph builds its indexes afterwards).
//
// Access: read
// Parameters: none
// Returns: key
MATCH (m:Model)
RETURN m.key AS key
LIMIT 1
