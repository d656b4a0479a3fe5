// The changes loads recorded in a window of time, oldest first (or newest first): of every
// model, or of the models with the given keys (a family, one model's history).
//
// Access: read
// Parameters:
//   $since   the window's start (datetime, inclusive)
//   $until   the window's end (datetime, exclusive), or null: up to now
//   $kinds   change kinds to keep, or null: every kind
//   $keys    model keys to keep, or null: every model
//   $limit   the most rows returned
//   $newest_first  whether the newest come first (the first $limit are then the newest)
// Returns: at, snapshot, model, key, kind, before, after, relation
MATCH (c:Change)
WHERE c.at >= $since AND ($until IS NULL OR c.at < $until)
  AND ($kinds IS NULL OR c.kind IN $kinds)
  AND ($keys IS NULL OR c.model_key IN $keys)
RETURN c.at AS at, c.snapshot AS snapshot, c.model_id AS model, c.model_key AS key,
       c.kind AS kind, c.before AS before, c.after AS after, c.relation AS relation
ORDER BY CASE WHEN $newest_first THEN -at.epochMillis ELSE at.epochMillis END,
         key, kind, relation, before, after
LIMIT $limit
