// Among the most downloaded models, those with the most children first: the app's quick picks,
// and where it starts. The most downloaded come in order from the index on downloads, so the
// query costs the same at any size of graph.
//
// Access: read
// Parameters:
//   $types   the lineage relationship types to count children by
//   $limit   how many of the most downloaded models to consider
// Returns: id, downloads, children, synthetic, placeholder
MATCH (m:Model)
WHERE m.downloads IS NOT NULL
WITH m ORDER BY m.downloads DESC LIMIT $limit
RETURN m.id AS id, m.downloads AS downloads,
       COUNT { (m)-[r]->(:Model) WHERE type(r) IN $types } AS children,
       coalesce(m.synthetic, false) AS synthetic, m:Placeholder AS placeholder
ORDER BY children DESC, downloads DESC, id
