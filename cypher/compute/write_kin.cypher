// Store the heads of huge kin sets: each row's values replace the Kin node's (a null value
// removes the property: that part no longer applies).
//
// Access: write
// Parameters:
//   $rows   {key, values}
// Returns: nothing
UNWIND $rows AS row
MERGE (k:Kin {key: row.key})
SET k += row.values
