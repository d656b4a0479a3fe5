// The siblings of a model: the other children of any of its parents (over the chosen
// relations), most downloaded first, with the parents each shares with the model (via) and how
// many siblings there are in all.
//
// Access: read
// Parameters:
//   $id      the model's Hub id (any case)
//   $types   the lineage relationship types to follow
//   $limit   most kin to return
// Returns: id, relations, via, downloads, likes, pipeline_tag, created_at, placeholder, total
MATCH (m:Model {key: toLower(trim($id))})
CALL (m) {
  MATCH (m)<-[r1]-(p)-[r2]->(k)
  WHERE type(r1) IN $types AND type(r2) IN $types AND k <> m
  WITH DISTINCT k
  RETURN collect(k) AS kin
}
WITH m, kin, size(kin) AS total
UNWIND kin AS k
WITH m, k, total
ORDER BY coalesce(k.downloads, -1) DESC, k.key
LIMIT $limit
RETURN k.id AS id, [] AS relations,
       COLLECT {
         MATCH (m)<-[r1]-(p)-[r2]->(k)
         WHERE type(r1) IN $types AND type(r2) IN $types
         RETURN DISTINCT p.id ORDER BY p.id
       } AS via,
       k.downloads AS downloads, k.likes AS likes, k.pipeline_tag AS pipeline_tag,
       k.created_at AS created_at, k:Placeholder AS placeholder, total
