// The distribution of a disruption index: models per bin of width 0.1 from -1 to 1 (the bin
// is named by its lower edge; an index of 1 falls in the last bin), only bins that hold a
// model, as the latest `lineage compute` run that computed the index counted them (kept on its
// Computation node).
//
// Access: read
// Parameters:
//   $property   the stored index: mdi (direct parents) or mdi_lineage (lineage)
// Returns: bin, models
MATCH (c:Computation)
WHERE c[$property + '_bins'] IS NOT NULL
WITH c
ORDER BY c.finished_at DESC, c.started_at DESC
LIMIT 1
UNWIND range(0, size(c[$property + '_bins']) - 1) AS i
RETURN c[$property + '_bins'][i] AS bin, c[$property + '_bin_models'][i] AS models
ORDER BY bin
