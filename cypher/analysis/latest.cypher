// The newest stored result of one analysis (what the app's pages show).
//
// Access: read
// Parameters:
//   $name   the analysis (similarity, mutation, drift, documentation, race, disruption, all)
// Returns: name, parameters, computed_at, result
MATCH (a:Analysis {name: $name})
RETURN a.name AS name, a.parameters AS parameters, a.computed_at AS computed_at,
       a.result AS result
ORDER BY a.computed_at DESC
LIMIT 1
