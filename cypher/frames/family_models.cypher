// The models of one family (the `family` property written by `lineage compute`, found through
// its index) with the asked-for properties (absent ones as null).
// A removed model counts as a placeholder: the current Hub knows it only as the name its
// children give.
//
// Access: read
// Parameters:
//   $properties   the Model properties to return
//   $family       the family's id
// Returns: key, values, placeholder
MATCH (m:Model {family: $family})
RETURN m.key AS key, [p IN $properties | m[p]] AS values, m:Placeholder OR m:Removed AS placeholder
ORDER BY m.key
