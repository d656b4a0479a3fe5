// End lineage edges: each becomes an ENDED relationship between the same two models, keeping
// the edge's properties, with its relation (the type it had), ended_at and ended_snapshot.
// Nothing that follows lineage follows ENDED; history does.
//
// Access: write
// Parameters:
//   $ids       elementIds of the edges to end
//   $snapshot  id of the load (Snapshot.id)
//   $seen      when the load started (datetime)
// Returns: ended
UNWIND $ids AS id
MATCH (p:Model)-[e]->(m:Model)
WHERE elementId(e) = id
CREATE (p)-[x:ENDED]->(m)
SET x = properties(e), x.relation = type(e), x.ended_at = $seen, x.ended_snapshot = $snapshot
DELETE e
RETURN count(*) AS ended
