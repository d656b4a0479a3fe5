// How many models are in each generation (0: a root), as stored by `lineage compute`.
//
// Access: read
// Parameters: none
// Returns: generation, models
MATCH (m:Model)
WHERE m.generation IS NOT NULL
RETURN m.generation AS generation, count(*) AS models
ORDER BY generation
