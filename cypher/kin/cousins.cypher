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
  // The grandchildren of the model's grandparents that share no parent with it; a big
  // grandparent's are stored whole.
  WITH m WHERE fresh
  MATCH (m)<-[r1]-()<-[r2]-(g) WHERE type(r1) IN $types AND type(r2) IN $types
  WITH DISTINCT m, g
  OPTIONAL MATCH (h:Kin {key: g.key}) WHERE h.grandchildren IS NOT NULL
  CALL (g, h) {
    WITH h WHERE h IS NOT NULL
    RETURN h.grandchildren AS found
    UNION ALL
    WITH g, h WHERE h IS NULL
    RETURN COLLECT {
             MATCH (g)-[r3]->()-[r4]->(k) WHERE type(r3) IN $types AND type(r4) IN $types
             RETURN DISTINCT k.key } AS found
  }
  WITH m, collect(found) AS found
  CALL (m, found) {
    UNWIND found AS part
    UNWIND part AS key
    WITH DISTINCT m, key
    MATCH (k:Model {key: key})
    WHERE k <> m AND NOT EXISTS {
      MATCH (m)<-[a]-()-[b]->(k) WHERE type(a) IN $types AND type(b) IN $types }
    RETURN collect(k) AS kin
  }
  RETURN kin, size(kin) AS total
  UNION ALL
  WITH m, fresh WHERE fresh IS NULL
  MATCH (m)<-[r1]-()<-[r2]-()-[r3]->()-[r4]->(k)
  WHERE type(r1) IN $types AND type(r2) IN $types AND type(r3) IN $types
    AND type(r4) IN $types AND k <> m
  WITH DISTINCT m, k
  WHERE NOT EXISTS {
    MATCH (m)<-[a]-()-[b]->(k) WHERE type(a) IN $types AND type(b) IN $types }
  WITH collect(k) AS kin
  RETURN kin, size(kin) AS total
}
// The grandparents shared with each cousin are looked for from the cousin up: from the model
// the walk would go down through every child of a popular grandparent.
WITH m, kin, total, COLLECT {
  MATCH (m)<-[r1]-()<-[r2]-(g) WHERE type(r1) IN $types AND type(r2) IN $types
  RETURN DISTINCT g
} AS grandparents
UNWIND kin AS k
WITH m, k, total, grandparents
ORDER BY coalesce(k.downloads, -1) DESC, k.key
LIMIT $limit
RETURN k.id AS id, [] AS relations,
       COLLECT {
         MATCH (k)<-[r4]-()<-[r3]-(g)
         WHERE type(r4) IN $types AND type(r3) IN $types AND g IN grandparents
         RETURN DISTINCT g.id ORDER BY g.id
       } AS via,
       k.downloads AS downloads, k.likes AS likes, k.pipeline_tag AS pipeline_tag,
       k.created_at AS created_at, k:Placeholder AS placeholder, total
