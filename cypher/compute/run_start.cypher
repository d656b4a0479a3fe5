// Record the start of a compute run as a Computation node.
//
// Access: write
// Parameters:
//   $id            the run's id (compute-<UTC time>)
//   $started_at    when it started
//   $window_days   the disruption window in days (0: none)
//   $measures      the measures it computes
// Returns: nothing
CREATE (:Computation {id: $id, started_at: $started_at, window_days: $window_days,
                      measures: $measures})
