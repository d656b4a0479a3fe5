// Store measures on models: each row's values replace the stored ones (a null value removes
// the property: the measure is undefined).
//
// Access: write
// Parameters:
//   $rows   {key, values}
// Returns: nothing
UNWIND $rows AS row
MATCH (m:Model {key: row.key})
SET m += row.values
