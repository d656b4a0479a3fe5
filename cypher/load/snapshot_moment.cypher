// When a load started: the snapshot named by id, or, with $id null, the newest load of $kind
// that finished and saw the whole source (a complete listing). Empty when there is none.
//
// Access: read
// Parameters:
//   $id     a snapshot id, or null
//   $kind   the snapshot kind looked for when $id is null (hub, jsonl, dataset ...)
// Returns: id, started_at
MATCH (s:Snapshot)
WHERE CASE WHEN $id IS NULL
           THEN s.kind = $kind AND s.status = 'complete' AND s.complete_listing = true
           ELSE s.id = $id END
RETURN s.id AS id, s.started_at AS started_at
ORDER BY s.started_at DESC
LIMIT 1
