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
  WITH m WHERE fresh
  MATCH (p)-[r1]->(m) WHERE type(r1) IN $types
  WITH DISTINCT m, p
  // Per parent: a big one's alone children (their number and head) and its shared children;
  // a small one's children, all counted.
  OPTIONAL MATCH (h:Kin {key: p.key}) WHERE h.children_top IS NOT NULL
  CALL (p, h) {
    WITH h WHERE h IS NOT NULL
    RETURN h.children_alone AS alone, h.children_top[..$limit + 1] AS top,
           h.children_shared AS rest
    UNION ALL
    WITH p, h WHERE h IS NULL
    RETURN 0 AS alone, [] AS top,
           COLLECT { MATCH (p)-[r2]->(k) WHERE type(r2) IN $types RETURN DISTINCT k.key } AS rest
  }
  // An alone child's one parent is a parent of the model's: it is a half-sibling exactly
  // when the model has other parents too. The rest are checked one by one.
  WITH m, count(*) > 1 AS several, sum(alone) AS alone, collect(top) AS tops,
       collect(rest) AS rests
  WITH m, CASE WHEN several THEN alone ELSE 0 END AS alone,
       CASE WHEN several THEN tops ELSE [] END AS tops, rests
  CALL (rests) { UNWIND rests AS part UNWIND part AS key RETURN collect(DISTINCT key) AS rest }
  CALL (tops) { UNWIND tops AS part UNWIND part AS key RETURN collect(key) AS top }
  CALL (m, rest) {
    UNWIND rest AS key
    MATCH (k:Model {key: key})
    WHERE k <> m
      AND (EXISTS {
             MATCH (x)-[a]->(k) WHERE type(a) IN $types
               AND NOT EXISTS { MATCH (x)-[b]->(m) WHERE type(b) IN $types } }
        OR EXISTS {
             MATCH (x)-[a]->(m) WHERE type(a) IN $types
               AND NOT EXISTS { MATCH (x)-[b]->(k) WHERE type(b) IN $types } })
    RETURN collect(k) AS differing
  }
  CALL (top) { UNWIND top AS key MATCH (k:Model {key: key}) RETURN collect(k) AS heads }
  RETURN heads + differing AS kin, alone + size(differing) AS total
  UNION ALL
  WITH m, fresh WHERE fresh IS NULL
  MATCH (m)<-[r1]-(p)-[r2]->(k)
  WHERE type(r1) IN $types AND type(r2) IN $types AND k <> m
  WITH DISTINCT m, k
  WHERE EXISTS {
          MATCH (x)-[a]->(k) WHERE type(a) IN $types
            AND NOT EXISTS { MATCH (x)-[b]->(m) WHERE type(b) IN $types } }
     OR EXISTS {
          MATCH (x)-[a]->(m) WHERE type(a) IN $types
            AND NOT EXISTS { MATCH (x)-[b]->(k) WHERE type(b) IN $types } }
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
         MATCH (m)<-[r1]-(p)-[r2]->(k)
         WHERE type(r1) IN $types AND type(r2) IN $types
         RETURN DISTINCT p.id ORDER BY p.id
       } AS via,
       k.downloads AS downloads, k.likes AS likes, k.pipeline_tag AS pipeline_tag,
       k.created_at AS created_at, k:Placeholder AS placeholder, total
