// How many models stand at each generation, as the latest `lineage compute` run that computed
// generations counted them (kept on its Computation node: reading every model's generation
// takes seconds at Hub scale).
//
// Access: read
// Parameters: none
// Returns: generation, models
MATCH (c:Computation)
WHERE c.generation_models IS NOT NULL
WITH c
ORDER BY c.finished_at DESC, c.started_at DESC
LIMIT 1
UNWIND range(0, size(c.generation_models) - 1) AS generation
WITH generation, c.generation_models[generation] AS models
WHERE models > 0
RETURN generation, models
ORDER BY generation
