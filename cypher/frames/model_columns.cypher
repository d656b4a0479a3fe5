// One batch of models in key order after $after, as columns: one list per asked-for property
// (absent ones as null), temporal properties as epoch milliseconds. The model frame analyses
// read for the whole graph: one row per batch instead of one per model keeps the client's work
// per model to decoding values.
// A removed model counts as a placeholder: the current Hub knows it only as the name its
// children give.
//
// Access: read
// Parameters:
//   $after        the last key of the previous batch ('' for the first)
//   $limit        how many models in the batch
//   $properties   the Model properties returned as they are
//   $temporal     the temporal Model properties returned as epoch milliseconds
// Returns: keys, placeholders, columns, temporal_columns
MATCH (m:Model)
WHERE m.key > $after
WITH m
ORDER BY m.key
LIMIT $limit
// properties(m) reads each model's properties in one pass (a lookup per property walks them
// again for every property).
WITH collect(m.key) AS keys, collect(m:Placeholder OR m:Removed) AS placeholders,
     collect(properties(m)) AS batch
RETURN keys, placeholders, [p IN $properties | [v IN batch | v[p]]] AS columns,
       [p IN $temporal | [v IN batch | v[p].epochMillis]] AS temporal_columns
