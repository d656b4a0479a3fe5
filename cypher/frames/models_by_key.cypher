// The models with the given keys and the asked-for properties (absent ones as null), in key
// order: the texts an analysis reads for a sample of models only (card excerpts, metadata),
// and the models of one family for `lineage export graphml --family`.
// A removed model counts as a placeholder: the current Hub knows it only as the name its
// children give.
//
// Access: read
// Parameters:
//   $keys         the model keys (lower-cased Hub ids)
//   $properties   the Model properties to return
// Returns: key, values, placeholder
UNWIND $keys AS key
MATCH (m:Model {key: key})
RETURN m.key AS key, [p IN $properties | m[p]] AS values, m:Placeholder OR m:Removed AS placeholder
ORDER BY m.key
