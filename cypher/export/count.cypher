// How many models a snapshot export will write (for its progress bar).
//
// Access: read
// Parameters: none
// Returns: models
MATCH (m:Model)
RETURN count(m) AS models
