// The cousins of a model: models that share a grandparent with it but no parent (over the
// chosen relations), most downloaded first, with the grandparents each shares with the model
// (via) and how many cousins there are in all.
//
// Access: read
// Parameters:
//   $id      the model's Hub id (any case)
//   $types   the lineage relationship types to follow
//   $limit   most kin to return
// Returns: id, relations, via, downloads, likes, pipeline_tag, created_at, placeholder, total
MATCH (m:Model {key: toLower(trim($id))})
CALL (m) {
  MATCH (m)<-[r1]-()<-[r2]-()-[r3]->()-[r4]->(k)
  WHERE type(r1) IN $types AND type(r2) IN $types AND type(r3) IN $types
    AND type(r4) IN $types AND k <> m
  WITH DISTINCT k
  WHERE NOT EXISTS {
    MATCH (m)<-[a]-()-[b]->(k) WHERE type(a) IN $types AND type(b) IN $types }
  RETURN collect(k) AS kin
}
WITH m, kin, size(kin) AS total
UNWIND kin AS k
WITH m, k, total
ORDER BY coalesce(k.downloads, -1) DESC, k.key
LIMIT $limit
RETURN k.id AS id, [] AS relations,
       COLLECT {
         MATCH (m)<-[r1]-()<-[r2]-(g)-[r3]->()-[r4]->(k)
         WHERE type(r1) IN $types AND type(r2) IN $types AND type(r3) IN $types
           AND type(r4) IN $types
         RETURN DISTINCT g.id ORDER BY g.id
       } AS via,
       k.downloads AS downloads, k.likes AS likes, k.pipeline_tag AS pipeline_tag,
       k.created_at AS created_at, k:Placeholder AS placeholder, total
