// When the graph last changed: the newest load (Snapshot) and the newest finished graph-measure
// run (Computation), each null when there is none.
//
// Access: read
// Parameters: none
// Returns: snapshot, computation
CALL () {
  OPTIONAL MATCH (s:Snapshot)
  WITH s ORDER BY coalesce(s.finished_at, s.started_at) DESC LIMIT 1
  RETURN s {.id, .source, .kind, .started_at, .finished_at} AS snapshot
}
CALL () {
  OPTIONAL MATCH (c:Computation) WHERE c.finished_at IS NOT NULL
  WITH c ORDER BY c.finished_at DESC LIMIT 1
  RETURN c {.id, .started_at, .finished_at, .window_days, .models, .families, .stale}
         AS computation
}
RETURN snapshot, computation
