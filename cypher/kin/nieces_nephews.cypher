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
CALL (m, fresh) {
  // The grandchildren of the model's parents, less the model and its own children (a sibling
  // left out of the walk would add only those); a big parent's are stored whole.
  // The model and its children among them are found by key (no property read); the
  // candidates are the heads of the stored lists (in kin order) past those, and every
  // grandchild found by walking.
  WITH m WHERE fresh
  MATCH (p)-[r1]->(m) WHERE type(r1) IN $types
  WITH DISTINCT m, p
  OPTIONAL MATCH (h:Kin {key: p.key}) WHERE h.grandchildren IS NOT NULL
  CALL (p, h) {
    WITH h WHERE h IS NOT NULL
    RETURN h.grandchildren AS found, true AS stored
    UNION ALL
    WITH p, h WHERE h IS NULL
    RETURN COLLECT {
             MATCH (p)-[r2]->()-[r3]->(k) WHERE type(r2) IN $types AND type(r3) IN $types
             RETURN DISTINCT k.key } AS found, false AS stored
  }
  WITH m, collect(found) AS founds, collect(CASE WHEN stored THEN found END) AS lists,
       collect(CASE WHEN NOT stored THEN found END) AS walked
  CALL (founds) { UNWIND founds AS part UNWIND part AS key RETURN collect(DISTINCT key) AS found }
  CALL (m, found) {
    UNWIND found AS key
    MATCH (k:Model {key: key})
    WHERE k = m OR EXISTS { MATCH (m)-[a]->(k) WHERE type(a) IN $types }
    RETURN collect(key) AS own
  }
  WITH own, size(found) - size(own) AS total,
       [list IN lists | list[..$limit + size(own)]] + walked AS heads
  CALL (heads) { UNWIND heads AS part UNWIND part AS key RETURN collect(DISTINCT key) AS head }
  UNWIND head AS key
  WITH own, key, total WHERE NOT key IN own
  MATCH (k:Model {key: key})
  RETURN collect(k) AS kin, total
  UNION ALL
  WITH m, fresh WHERE fresh IS NULL
  MATCH (m)<-[r1]-()-[r2]->(s)-[r3]->(k)
  WHERE type(r1) IN $types AND type(r2) IN $types AND type(r3) IN $types
    AND s <> m AND k <> m
  WITH DISTINCT m, k
  WHERE NOT EXISTS { MATCH (m)-[a]->(k) WHERE type(a) IN $types }
  WITH collect(k) AS kin
  RETURN kin, size(kin) AS total
}
WITH m, kin, total
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
