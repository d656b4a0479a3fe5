// Remove one batch of the suggested parents other runs wrote: of the given children, or every
// one. A new inference replaces the suggestions of the models it looked at once its own are
// written; declared lineage is never touched.
//
// Access: write
// Parameters:
//   $run     the run whose suggestions stay
//   $keys    the child model keys whose suggestions go, or null for every suggestion
//   $limit   how many relationships at most in this batch
// Returns: removed
MATCH (:Model)-[s:SUGGESTED_PARENT]->(c:Model)
WHERE s.run <> $run AND ($keys IS NULL OR c.key IN $keys)
WITH s LIMIT $limit
DELETE s
RETURN count(*) AS removed
