// The aunts and uncles of a model: siblings of its parents that are not its parents themselves
// (over the chosen relations), most downloaded first, with the parents each is a sibling of
// (via) and how many there are in all.
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
  RETURN c.kin_top AS top
}
// A grandparent's head must reach past the model's parents and the model itself.
WITH m, coalesce($limit + COUNT { MATCH (x)-[r]->(m) WHERE type(r) IN $types } <= top, false)
        AS fresh
CALL (m, fresh) {
  WITH m WHERE fresh
  MATCH (p)-[r1]->(m) WHERE type(r1) IN $types
  WITH m, collect(DISTINCT p) AS parents
  UNWIND parents AS p
  MATCH (g)-[r2]->(p) WHERE type(r2) IN $types
  WITH DISTINCT m, parents, g
  // Per grandparent: a big one's alone children (their number and head) and its shared
  // children; a small one's children, all counted.
  // (counted by key; the heads of the stored lists, in kin order, the only candidates there).
  OPTIONAL MATCH (h:Kin {key: g.key}) WHERE h.children_top IS NOT NULL
  CALL (g, h, parents) {
    WITH h, parents WHERE h IS NOT NULL
    RETURN h.children_alone AS alone, h.children_shared AS rest,
           h.children_top[..$limit + size(parents) + 1]
             + h.children_shared[..$limit + size(parents) + 1] AS head
    UNION ALL
    WITH g, h WHERE h IS NULL
    WITH COLLECT { MATCH (g)-[r3]->(k) WHERE type(r3) IN $types RETURN DISTINCT k.key } AS rest
    RETURN 0 AS alone, rest, rest AS head
  }
  WITH m, parents, collect(g) AS grandparents, sum(alone) AS alone, collect(head) AS heads,
       collect(rest) AS rests
  CALL (rests) { UNWIND rests AS part UNWIND part AS key RETURN count(DISTINCT key) AS rest }
  CALL (heads) { UNWIND heads AS part UNWIND part AS key RETURN collect(DISTINCT key) AS head }
  // The model and its parents are among the grandparents' children counted when a grandparent
  // is their parent; they are no aunts or uncles.
  WITH m, alone, rest, head, [m] + parents AS own, grandparents
  WITH m, alone, rest, head, [x IN own | x.key] AS own,
       size([x IN own WHERE EXISTS {
         MATCH (g)-[r4]->(x) WHERE g IN grandparents AND type(r4) IN $types }]) AS counted_own
  UNWIND head AS key
  WITH alone, rest, counted_own, own, key WHERE NOT key IN own
  MATCH (k:Model {key: key})
  RETURN collect(k) AS kin, alone + rest - counted_own AS total
  UNION ALL
  WITH m, fresh WHERE NOT fresh
  MATCH (m)<-[r1]-()<-[r2]-()-[r3]->(k)
  WHERE type(r1) IN $types AND type(r2) IN $types AND type(r3) IN $types AND k <> m
  WITH DISTINCT m, k
  WHERE NOT EXISTS { MATCH (k)-[a]->(m) WHERE type(a) IN $types }
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
         MATCH (m)<-[r1]-(p)<-[r2]-()-[r3]->(k)
         WHERE type(r1) IN $types AND type(r2) IN $types AND type(r3) IN $types AND p <> k
         RETURN DISTINCT p.id ORDER BY p.id
       } AS via,
       k.downloads AS downloads, k.likes AS likes, k.pipeline_tag AS pipeline_tag,
       k.created_at AS created_at, k:Placeholder AS placeholder, total
