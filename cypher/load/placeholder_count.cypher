// How many models are placeholders (referenced as parents or children, never loaded); read from
// Neo4j's count store.
//
// Access: read
// Parameters: none
// Returns: placeholders
MATCH (m:Placeholder)
RETURN count(m) AS placeholders
