// The models of one family (the `family` property written by `lineage compute`, found through
// its index) as columns: one list per asked-for property (absent ones as null), temporal
// properties as epoch milliseconds.
// A removed model counts as a placeholder: the current Hub knows it only as the name its
// children give.
//
// Access: read
// Parameters:
//   $family       the family's id
//   $properties   the Model properties returned as they are
//   $temporal     the temporal Model properties returned as epoch milliseconds
// Returns: keys, placeholders, columns, temporal_columns
MATCH (m:Model {family: $family})
WITH m
ORDER BY m.key
// properties(m) reads each model's properties in one pass (a lookup per property walks them
// again for every property).
WITH collect(m.key) AS keys, collect(m:Placeholder OR m:Removed) AS placeholders,
     collect(properties(m)) AS batch
RETURN keys, placeholders, [p IN $properties | [v IN batch | v[p]]] AS columns,
       [p IN $temporal | [v IN batch | v[p].epochMillis]] AS temporal_columns
