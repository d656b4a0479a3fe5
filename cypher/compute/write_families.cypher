// Store families (one Family node per family of two or more models).
//
// Access: write
// Parameters:
//   $rows   {id, values}
// Returns: nothing
UNWIND $rows AS row
MERGE (f:Family {id: row.id})
SET f += row.values
