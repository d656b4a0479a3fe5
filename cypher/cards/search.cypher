// The models of card-search hits: the card text store finds the cards (ranked by BM25, with
// snippets, see lineage.cypher.cardstore) and this reads their models, in the hits' order.
//
// Access: read
// Parameters:
//   $keys   model keys of the hits, best first
// Returns: key, id, card_length, downloads, placeholder, synthetic
UNWIND range(0, size($keys) - 1) AS rank
MATCH (m:Model {key: $keys[rank]})
RETURN m.key AS key, m.id AS id, m.card_length AS card_length, m.downloads AS downloads,
       m:Placeholder AS placeholder, coalesce(m.synthetic, false) AS synthetic
ORDER BY rank
