// The loads (Snapshot nodes) that started in a window of time, oldest first, with what each
// changed.
//
// Access: read
// Parameters:
//   $since   the window's start (datetime, inclusive)
//   $until   the window's end (datetime, exclusive), or null: up to now
// Returns: id, kind, source, started_at, finished_at, status, complete_listing, models_new, models_updated, changes, removed, renamed, edges_ended
MATCH (s:Snapshot)
WHERE s.started_at >= $since AND ($until IS NULL OR s.started_at < $until)
RETURN s.id AS id, s.kind AS kind, s.source AS source, s.started_at AS started_at,
       s.finished_at AS finished_at, s.status AS status,
       coalesce(s.complete_listing, false) AS complete_listing,
       s.models_new AS models_new, s.models_updated AS models_updated,
       s.changes AS changes, s.removed AS removed, s.renamed AS renamed,
       s.edges_ended AS edges_ended
ORDER BY started_at, id
