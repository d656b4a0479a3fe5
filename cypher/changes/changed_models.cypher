// The models with a change of the given kinds in a window of time, as they are now (their
// current id; a renamed model's changes follow it), leaving out placeholders and models a
// complete listing has since removed. Found through the change_at index.
//
// Access: read
// Parameters:
//   $since   the window's start (datetime, inclusive)
//   $until   the window's end (datetime, exclusive), or null: up to now
//   $kinds   the change kinds
//   $keys    model keys to keep, or null: every model
// Returns: key, id
MATCH (c:Change)
WHERE c.at >= $since AND ($until IS NULL OR c.at < $until) AND c.kind IN $kinds
  AND ($keys IS NULL OR c.model_key IN $keys)
WITH DISTINCT c.model_key AS key
MATCH (m:Model {key: key})
WHERE NOT m:Removed AND NOT m:Placeholder
RETURN m.key AS key, m.id AS id
ORDER BY key
