// Store the result of one analysis run: one Analysis node per analysis and parameter set,
// replaced by the newest run.
//
// Access: write
// Parameters:
//   $id           the analysis name and a digest of its parameters
//   $analysis     the analysis (similarity, mutation, drift, documentation, race, disruption, all)
//   $parameters   the parameters as JSON text
//   $result       the result as JSON text (what `lineage analyze NAME --format json` prints)
// Returns: id, computed_at
MERGE (a:Analysis {id: $id})
SET a.name = $analysis, a.parameters = $parameters, a.result = $result,
    a.computed_at = datetime()
RETURN a.id AS id, a.computed_at AS computed_at
