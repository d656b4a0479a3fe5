// Flag every lineage edge inside one cycle (a strongly connected set of models) and return the
// members' ids. Edges stay; traversals skip or bound them.
//
// Access: write
// Parameters:
//   $members   elementIds of the models in the cycle
//   $types     the lineage relationship types
// Returns: ids
UNWIND $members AS member
MATCH (p:Model) WHERE elementId(p) = member
MATCH (p)-[e]->(c:Model)
WHERE elementId(c) IN $members AND type(e) IN $types
SET e.cycle = true
RETURN collect(DISTINCT p.id) AS ids
