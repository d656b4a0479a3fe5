// The nieces and nephews of a model: children of its siblings that are not its own children
// (over the chosen relations), most downloaded first, with the siblings whose children they
// are (via) and how many there are in all.
//
// Access: read
// Parameters:
//   $id      the model's Hub id (any case)
//   $types   the lineage relationship types to follow
//   $limit   most kin to return
// Returns: id, relations, via, downloads, likes, pipeline_tag, created_at, placeholder, total
MATCH (m:Model {key: toLower(trim($id))})
CALL (m) {
  MATCH (m)<-[r1]-()-[r2]->(s)-[r3]->(k)
  WHERE type(r1) IN $types AND type(r2) IN $types AND type(r3) IN $types
    AND s <> m AND k <> m
  WITH DISTINCT k
  WHERE NOT EXISTS { MATCH (m)-[a]->(k) WHERE type(a) IN $types }
  RETURN collect(k) AS kin
}
WITH m, kin, size(kin) AS total
UNWIND kin AS k
WITH m, k, total
ORDER BY coalesce(k.downloads, -1) DESC, k.key
LIMIT $limit
RETURN k.id AS id, [] AS relations,
       COLLECT {
         MATCH (m)<-[r1]-()-[r2]->(s)-[r3]->(k)
         WHERE type(r1) IN $types AND type(r2) IN $types AND type(r3) IN $types AND s <> m
         RETURN DISTINCT s.id ORDER BY s.id
       } AS via,
       k.downloads AS downloads, k.likes AS likes, k.pipeline_tag AS pipeline_tag,
       k.created_at AS created_at, k:Placeholder AS placeholder, total
