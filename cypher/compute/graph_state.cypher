// What a compute run checks before and after: models, lineage edges, models without a creation
// time and the loads so far, so that a load landing meanwhile marks the run stale.
//
// Access: read
// Parameters:
// Returns: models, edges, undated, snapshot
CALL () { MATCH (m:Model) RETURN count(m) AS models }
CALL () { MATCH ()-[r]->() RETURN count(r) AS edges }
CALL () { MATCH (m:Model) WHERE m.created_at IS NOT NULL RETURN count(m) AS dated }
CALL () {
  OPTIONAL MATCH (s:Snapshot)
  RETURN [count(s), max(s.started_at), max(s.finished_at)] AS snapshot
}
RETURN models, edges, models - dated AS undated, snapshot
