// The lineage edges of the chosen relation types into the models of one family (the `family`
// property written by `lineage compute`, found through its index).
//
// Access: read
// Parameters:
//   $types    the lineage relationship types to read
//   $family   the family's id
// Returns: parent, child, relation, cycle
MATCH (c:Model {family: $family})<-[r]-(p:Model)
WHERE type(r) IN $types
RETURN p.key AS parent, c.key AS child, type(r) AS relation, coalesce(r.cycle, false) AS cycle
