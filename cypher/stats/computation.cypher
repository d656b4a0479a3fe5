// The latest finished run of `lineage compute` (the measures `lineage stats` reads), if any: a
// run that stopped half-way has no finished_at and is passed over.
//
// Access: read
// Parameters: none
// Returns: run
MATCH (c:Computation)
WHERE c.finished_at IS NOT NULL
RETURN c {.*} AS run
ORDER BY c.finished_at DESC
LIMIT 1
