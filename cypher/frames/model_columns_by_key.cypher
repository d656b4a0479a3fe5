// The models with the given keys as columns: one list per asked-for property (absent ones as
// null), temporal properties as epoch milliseconds; keys not in the graph are left out. The
// texts an analysis reads for a sample of models only (card excerpts, metadata).
// A removed model counts as a placeholder: the current Hub knows it only as the name its
// children give.
//
// Access: read
// Parameters:
//   $keys         the model keys (lower-cased Hub ids)
//   $properties   the Model properties returned as they are
//   $temporal     the temporal Model properties returned as epoch milliseconds
// Returns: keys, placeholders, columns, temporal_columns
UNWIND $keys AS key
MATCH (m:Model {key: key})
// properties(m) reads each model's properties in one pass (a lookup per property walks them
// again for every property).
WITH collect(m.key) AS keys, collect(m:Placeholder OR m:Removed) AS placeholders,
     collect(properties(m)) AS batch
RETURN keys, placeholders, [p IN $properties | [v IN batch | v[p]]] AS columns,
       [p IN $temporal | [v IN batch | v[p].epochMillis]] AS temporal_columns
