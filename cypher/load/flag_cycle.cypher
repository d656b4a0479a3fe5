// Flag every lineage edge inside one cycle (a strongly connected set of models) and return the
// members' ids and how many of the edges were not flagged before (0: an earlier load found
// this cycle). Edges stay; traversals skip or bound them.
//
// Access: write
// Parameters:
//   $members   elementIds of the models in the cycle
//   $types     the lineage relationship types
// Returns: ids, flagged
UNWIND $members AS member
MATCH (p:Model) WHERE elementId(p) = member
MATCH (p)-[e]->(c:Model)
WHERE elementId(c) IN $members AND type(e) IN $types
WITH p, e, coalesce(e.cycle, false) AS before
SET e.cycle = true
RETURN collect(DISTINCT p.id) AS ids, sum(CASE WHEN before THEN 0 ELSE 1 END) AS flagged
