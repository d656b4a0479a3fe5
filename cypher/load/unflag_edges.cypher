// Clear the cycle flag of edges no longer on a cycle (one of its edges ended, or its model was
// removed, since the load that flagged them).
//
// Access: write
// Parameters:
//   $ids   elementIds of the edges
// Returns: unflagged
UNWIND $ids AS id
MATCH ()-[e]->()
WHERE elementId(e) = id
REMOVE e.cycle
RETURN count(e) AS unflagged
