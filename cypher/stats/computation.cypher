// The latest run of `lineage compute` (the measures `lineage stats` reads), if any.
//
// Access: read
// Parameters: none
// Returns: run
MATCH (c:Computation)
RETURN c {.*} AS run
ORDER BY c.finished_at DESC, c.started_at DESC
LIMIT 1
