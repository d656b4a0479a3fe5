// Every lineage edge of the chosen relation types as parent and child keys: the edge frame
// analytics read for the whole graph.
//
// Access: read
// Parameters:
//   $types    the lineage relationship types to read
// Returns: parent, child, relation, cycle
MATCH (p:Model)-[r]->(c:Model)
WHERE type(r) IN $types
RETURN p.key AS parent, c.key AS child, type(r) AS relation, coalesce(r.cycle, false) AS cycle
