// One batch of models for a snapshot export, in key order after $after: each model's
// properties and its parents (incoming lineage edges); card texts come from the card text
// store. Walking by key through the unique index lets every batch be its own short transaction.
//
// Access: read
// Parameters:
//   $after   the last key of the previous batch ('' for the first)
//   $limit   how many models in the batch
//   $types   the lineage relationship types
// Returns: key, props, parents
MATCH (m:Model)
WHERE m.key > $after
WITH m
ORDER BY m.key
LIMIT $limit
RETURN m.key AS key,
       m {.*, placeholder: m:Placeholder} AS props,
       COLLECT {
         MATCH (p:Model)-[e]->(m)
         WHERE type(e) IN $types
         RETURN {id: p.id, type: type(e), word: e.relation_word}
       } AS parents
