// One batch of models for a snapshot export, in key order after $after: each model's
// properties, its parents (incoming lineage edges) and, when $cards, its card text. Walking by
// key through the unique index lets every batch be its own short transaction.
//
// Access: read
// Parameters:
//   $after   the last key of the previous batch ('' for the first)
//   $limit   how many models in the batch
//   $types   the lineage relationship types
//   $cards   whether to return card texts
// Returns: key, props, parents, card, card_truncated
MATCH (m:Model)
WHERE m.key > $after
WITH m
ORDER BY m.key
LIMIT $limit
OPTIONAL MATCH (c:Card {key: m.key})
WHERE $cards
RETURN m.key AS key,
       m {.*, placeholder: m:Placeholder} AS props,
       COLLECT {
         MATCH (p:Model)-[e]->(m)
         WHERE type(e) IN $types
         RETURN {id: p.id, type: type(e), word: e.relation_word}
       } AS parents,
       c.text AS card,
       coalesce(c.truncated, false) AS card_truncated
