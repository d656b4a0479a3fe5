// The changes loads recorded in a window of time, counted by kind: of every model, or of the
// models with the given keys (a family). Found through the change_at index.
//
// Access: read
// Parameters:
//   $since   the window's start (datetime, inclusive)
//   $until   the window's end (datetime, exclusive), or null: up to now
//   $kinds   change kinds to count, or null: every kind
//   $keys    model keys to keep, or null: every model
// Returns: kind, changes
MATCH (c:Change)
WHERE c.at >= $since AND ($until IS NULL OR c.at < $until)
  AND ($kinds IS NULL OR c.kind IN $kinds)
  AND ($keys IS NULL OR c.model_key IN $keys)
RETURN c.kind AS kind, count(*) AS changes
ORDER BY kind
