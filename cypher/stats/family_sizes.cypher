// How many families (of two models or more, as `lineage compute` stored them) there are of each
// order of size: 2 to 9 models, 10 to 99, 100 to 999, and so on.
//
// Access: read
// Parameters: none
// Returns: smallest, largest, families, models
MATCH (f:Family)
WITH toInteger(floor(log10(f.size))) AS decade, f.size AS size
WITH decade, count(*) AS families, sum(size) AS models
RETURN CASE decade WHEN 0 THEN 2 ELSE toInteger(10 ^ decade) END AS smallest,
       toInteger(10 ^ (decade + 1)) - 1 AS largest, families, models
ORDER BY smallest
