// The lineage neighbours (parents and children) of a set of models: one step of the walk
// through a family (`lineage review --family`, `lineage export graphml --family`).
//
// Access: read
// Parameters:
//   $keys    model keys (lower-cased Hub ids)
//   $types   the lineage relationship types to follow
// Returns: parent, child, relation, cycle
UNWIND $keys AS key
MATCH (m:Model {key: key})-[r]-(o:Model)
WHERE type(r) IN $types
RETURN startNode(r).key AS parent, endNode(r).key AS child, type(r) AS relation,
       coalesce(r.cycle, false) AS cycle
