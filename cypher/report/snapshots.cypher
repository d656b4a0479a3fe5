// The snapshots (loads) with the given ids: where a model's facts came from, and when.
//
// Access: read
// Parameters:
//   $ids   snapshot ids
// Returns: id, source, kind, started_at, finished_at
UNWIND $ids AS id
MATCH (s:Snapshot {id: id})
RETURN s.id AS id, s.source AS source, s.kind AS kind, s.started_at AS started_at,
       s.finished_at AS finished_at
ORDER BY s.started_at, s.id
