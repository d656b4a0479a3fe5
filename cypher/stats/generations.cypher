// How many models stand at each generation (as `lineage compute` stored it), read from the
// index on Model.generation.
//
// Access: read
// Parameters: none
// Returns: generation, models
MATCH (m:Model)
WHERE m.generation >= 0
RETURN m.generation AS generation, count(*) AS models
ORDER BY generation
