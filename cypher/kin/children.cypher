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
// The stored heads (Kin nodes) are used only while they hold exactly: the latest finished
// compute run that wrote them was not stale, every load finished before it started, every
// relation is followed and the limit is one they serve.
OPTIONAL CALL () {
  MATCH (c:Computation)
  WHERE c.finished_at IS NOT NULL AND c.kin_top IS NOT NULL
  WITH c ORDER BY c.finished_at DESC LIMIT 1
  WHERE NOT coalesce(c.stale, false) AND $limit <= c.kin_top
    AND all(t IN c.kin_types WHERE t IN $types)
    // ... and nothing else: the heads know nothing of suggested lineage (SUGGESTED_PARENT).
    AND all(t IN $types WHERE t IN c.kin_types)
    AND NOT EXISTS { MATCH (s:Snapshot) WHERE NOT coalesce(s.finished_at < c.started_at, false) }
  RETURN true AS fresh
}
OPTIONAL MATCH (h:Kin {key: m.key}) WHERE fresh AND h.children_top IS NOT NULL
CALL (m, h) {
  // Stored: the most downloaded children that have no other parent, and every child that has.
  WITH h WHERE h IS NOT NULL
  UNWIND h.children_top[..$limit] + h.children_shared AS key
  MATCH (k:Model {key: key})
  RETURN collect(k) AS kin, h.children_alone + size(h.children_shared) AS total
  UNION ALL
  WITH m, h WHERE h IS NULL
  MATCH (m)-[r]->(k) WHERE type(r) IN $types
  WITH collect(DISTINCT k) AS kin
  RETURN kin, size(kin) AS total
}
WITH m, kin, total
UNWIND kin AS k
WITH m, k, total
ORDER BY coalesce(k.downloads, -1) DESC, k.key
LIMIT $limit
RETURN k.id AS id,
       [(m)-[r]->(k) WHERE type(r) IN $types | type(r)] AS relations,
       [] AS via,
       k.downloads AS downloads, k.likes AS likes, k.pipeline_tag AS pipeline_tag,
       k.created_at AS created_at, k:Placeholder AS placeholder, total
