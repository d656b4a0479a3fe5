// The roots of a model's lineage: the models without a parent that it descends from over the
// chosen relations (the model itself when it has no parent; none when every ancestor lies on
// or below a cycle without a way in), most downloaded first, with how many there are in all.
//
// Access: read
// Parameters:
//   $id      the model's Hub id (any case)
//   $types   the lineage relationship types to follow
//   $limit   most kin to return
// Returns: id, relations, via, downloads, likes, pipeline_tag, created_at, placeholder, total
MATCH (m:Model {key: toLower(trim($id))})
CALL (m) {
  MATCH (m)<-[rs*0..]-(k) WHERE all(r IN rs WHERE type(r) IN $types)
  WITH DISTINCT k
  WHERE NOT EXISTS { MATCH (k)<-[a]-() WHERE type(a) IN $types }
  RETURN collect(k) AS kin
}
WITH m, kin, size(kin) AS total
UNWIND kin AS k
WITH m, k, total
ORDER BY coalesce(k.downloads, -1) DESC, k.key
LIMIT $limit
RETURN k.id AS id, [] AS relations, [] AS via,
       k.downloads AS downloads, k.likes AS likes, k.pipeline_tag AS pipeline_tag,
       k.created_at AS created_at, k:Placeholder AS placeholder, total
