// Record the end of a compute run: when, its counts and the seconds each measure took.
//
// Access: write
// Parameters:
//   $id            the run's id
//   $finished_at   when it finished
//   $counts        models, families, models_without_created_at, stale, seconds_<step> ...
// Returns: nothing
MATCH (c:Computation {id: $id})
SET c += $counts, c.finished_at = $finished_at
