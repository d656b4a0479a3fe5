// For a set of models: how many parents and children each has in all, and the lineage edges
// among the set (what a family-tree drawing of exactly those models shows).
//
// Access: read
// Parameters:
//   $keys    model keys (lower-cased Hub ids)
//   $types   the lineage relationship types to follow
// Returns: key, parents, children, edges
UNWIND $keys AS key
MATCH (m:Model {key: key})
RETURN key,
       COUNT { (m)<-[r]-(:Model) WHERE type(r) IN $types } AS parents,
       COUNT { (m)-[r]->(:Model) WHERE type(r) IN $types } AS children,
       [(m)-[r]->(c:Model) WHERE type(r) IN $types AND c.key IN $keys
        | {child: c.key, relation: type(r), cycle: coalesce(r.cycle, false)}] AS edges
