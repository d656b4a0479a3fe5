// Wait until every index is online (new indexes populate in the background).
//
// Access: read
// Parameters: none
// Returns: nothing
CALL db.awaitIndexes(300)
