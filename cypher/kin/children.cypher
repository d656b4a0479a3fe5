// The children of a model over the chosen relations, most downloaded first, with the relations
// that join the model to each and how many children there are in all.
//
// Access: read
// Parameters:
//   $id      the model's Hub id (any case)
//   $types   the lineage relationship types to follow
//   $limit   most kin to return
// Returns: id, relations, via, downloads, likes, pipeline_tag, created_at, placeholder, total
MATCH (m:Model {key: toLower(trim($id))})
CALL (m) {
  MATCH (m)-[r]->(k) WHERE type(r) IN $types
  WITH DISTINCT k
  RETURN collect(k) AS kin
}
WITH m, kin, size(kin) AS total
UNWIND kin AS k
WITH m, k, total
ORDER BY coalesce(k.downloads, -1) DESC, k.key
LIMIT $limit
RETURN k.id AS id,
       [(m)-[r]->(k) WHERE type(r) IN $types | type(r)] AS relations,
       [] AS via,
       k.downloads AS downloads, k.likes AS likes, k.pipeline_tag AS pipeline_tag,
       k.created_at AS created_at, k:Placeholder AS placeholder, total
