// Every lineage edge of the chosen relationship types, packed as one list per type (one row
// per type): what `lineage review --all` reads before the models. A few packed rows travel
// many times faster than a row per edge.
//
// Access: read
// Parameters:
//   $types   the lineage relationship types to read
// Returns: relation, edges (a list of [parent key, child key, cycle])
MATCH (p:Model)-[r]->(c:Model)
WHERE type(r) IN $types
RETURN type(r) AS relation, collect([p.key, c.key, coalesce(r.cycle, false)]) AS edges
