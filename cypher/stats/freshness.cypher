// When the graph last changed: the newest load (Snapshot), the newest finished graph-measure
// run (Computation) and the newest inference run (Inference: `lineage infer`'s suggested
// parents), each null when there is none; and what is changing it now: a load not finished
// (`loading`) and a compute run not finished (`computing`), started within the last 12 hours
// (one stopped without finishing is not said to run for ever), null when there is none.
//
// Access: read
// Parameters: none
// Returns: snapshot, computation, loading, computing, inference
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
CALL () {
  OPTIONAL MATCH (s:Snapshot)
  WHERE s.finished_at IS NULL AND s.started_at > datetime() - duration('PT12H')
  WITH s ORDER BY s.started_at DESC LIMIT 1
  RETURN s {.id, .source, .kind, .started_at} AS loading
}
CALL () {
  OPTIONAL MATCH (c:Computation)
  WHERE c.finished_at IS NULL AND c.started_at > datetime() - duration('PT12H')
  WITH c ORDER BY c.started_at DESC LIMIT 1
  RETURN c {.id, .started_at} AS computing
}
CALL () {
  OPTIONAL MATCH (i:Inference)
  WITH i ORDER BY i.finished_at DESC LIMIT 1
  RETURN i {.id, .started_at, .finished_at} AS inference
}
RETURN snapshot, computation, loading, computing, inference
