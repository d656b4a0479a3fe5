// Remove the Kin nodes of models whose kin sets are no longer huge (or that are gone).
//
// Access: write
// Parameters:
//   $keys   the model keys whose Kin nodes go
// Returns: nothing
MATCH (k:Kin)
WHERE k.key IN $keys
DELETE k
