// Delete every node and relationship (in batches, so any size of graph fits in memory).
// Constraints and indexes stay; the recorded schema version goes with its node, so run
// `lineage db init` afterwards.
//
// Access: write
// Parameters: none
// Returns: nothing
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
