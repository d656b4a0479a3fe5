// The models of the highest generation (the deepest lineages), most downloaded first.
//
// Access: read
// Parameters:
//   $limit   most models to return
// Returns: id, generation, family, downloads
MATCH (m:Model)
WHERE m.generation >= 0
WITH max(m.generation) AS deepest
MATCH (m:Model)
WHERE m.generation = deepest
RETURN m.id AS id, m.generation AS generation, m.family AS family, m.downloads AS downloads
ORDER BY coalesce(downloads, -1) DESC, m.key
LIMIT $limit
