// Record one inference run as an Inference node: what it looked at, what it wrote and how the
// scorer it trained was calibrated.
//
// Access: write
// Parameters:
//   $props   the run's properties: id, started_at, finished_at, min_confidence, models,
//            children, candidates, suggestions, trained_on, seconds ...
// Returns: nothing
CREATE (i:Inference)
SET i = $props
