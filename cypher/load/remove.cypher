// Mark models as removed from their source: the label Removed, removed_at and
// removed_snapshot. Nothing is deleted: the model keeps its facts, its history and the edges to
// its children (who still declare it). Its own declared parents are no longer stated by
// anyone, so its incoming lineage edges are to end: their ids come back as `ending`, for
// load/end_edges in the same transaction (as load/models); they come back with the model.
//
// Access: write
// Parameters:
//   $keys      keys of the models to mark
//   $snapshot  id of the load (Snapshot.id)
//   $seen      when the load started (datetime)
//   $track     whether to record each removal as a Change
//   $types     the lineage relationship types
// Returns: removed, ending
UNWIND $keys AS key
MATCH (m:Model {key: key})
WHERE NOT m:Removed
SET m:Removed, m.removed_at = $seen, m.removed_snapshot = $snapshot
FOREACH (_ IN CASE WHEN $track THEN [1] ELSE [] END |
  CREATE (:Change {kind: 'removed', snapshot: $snapshot, at: $seen, model_key: m.key,
                   model_id: m.id}))
WITH m, [(p:Model)-[e]->(m) WHERE type(e) IN $types | elementId(e)] AS ending
RETURN count(m) AS removed, reduce(all = [], ids IN collect(ending) | all + ids) AS ending
