// How many models are placeholders (referenced as parents or children, never loaded).
//
// Access: read
// Parameters: none
// Returns: placeholders
MATCH (m:Model {placeholder: true})
RETURN count(m) AS placeholders
