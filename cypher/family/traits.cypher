// What the family-tree drawing colours models by, and when they were created, for a set of
// models (the stored measures are absent until `lineage compute` has run).
//
// Access: read
// Parameters:
//   $keys   model keys (lower-cased Hub ids)
// Returns: key, created_at, licenses, generation, mdi
UNWIND $keys AS key
MATCH (m:Model {key: key})
RETURN m.key AS key, m.created_at AS created_at, m.licenses AS licenses,
       m.generation AS generation, m.mdi AS mdi
