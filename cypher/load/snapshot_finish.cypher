// Record the end of a load with its counts.
//
// Access: write
// Parameters:
//   $id       the load's id
//   $counts   map of counts (models_new, models_updated, placeholders, edges_FINETUNE, ...)
// Returns: id
MATCH (s:Snapshot {id: $id})
SET s += $counts, s.finished_at = datetime()
RETURN s.id AS id
