// The distribution of a disruption index: models per bin of width 0.1 from -1 to 1 (the bin
// is named by its lower edge), with the share of models where it is negative.
//
// Access: read
// Parameters:
//   $property   the stored index: mdi (direct parents) or mdi_lineage (lineage)
// Returns: bin, models
MATCH (m:Model)
WHERE m[$property] IS NOT NULL
WITH toInteger(floor(m[$property] * 10)) AS bin
RETURN CASE WHEN bin >= 10 THEN 0.9 ELSE bin / 10.0 END AS bin, count(*) AS models
ORDER BY bin
