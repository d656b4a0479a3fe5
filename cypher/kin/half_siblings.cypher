// The half-siblings of a model: siblings whose parents are not exactly the model's own (they
// share some parents but not all), most downloaded first, with the parents each shares with the
// model (via) and how many half-siblings there are in all.
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
  WHERE EXISTS {
          MATCH (x)-[a]->(k) WHERE type(a) IN $types
            AND NOT EXISTS { MATCH (x)-[b]->(m) WHERE type(b) IN $types } }
     OR EXISTS {
          MATCH (x)-[a]->(m) WHERE type(a) IN $types
            AND NOT EXISTS { MATCH (x)-[b]->(k) WHERE type(b) IN $types } }
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
