// For a set of models: how many parents and children each has in all, and the lineage edges
// among the set (what a family-tree drawing of exactly those models shows), each listed with
// its child; and whether each model is removed (a complete listing lost it: when, in which
// load).
//
// Access: read
// Parameters:
//   $keys    model keys (lower-cased Hub ids)
//   $types   the lineage relationship types to follow
// Returns: key, parents, children, edges, removed, removed_at, removed_snapshot
UNWIND $keys AS key
MATCH (m:Model {key: key})
// The edges are found from their child's side: a model has a few parents, but may have
// 100,000 children, which the other side would walk for every drawing holding it.
RETURN key,
       COUNT { (m)<-[r]-(:Model) WHERE type(r) IN $types } AS parents,
       COUNT { (m)-[r]->(:Model) WHERE type(r) IN $types } AS children,
       [(p:Model)-[r]->(m) WHERE type(r) IN $types AND p.key IN $keys
        | {parent: p.key, relation: type(r), cycle: coalesce(r.cycle, false)}] AS edges,
       m:Removed AS removed, m.removed_at AS removed_at, m.removed_snapshot AS removed_snapshot
