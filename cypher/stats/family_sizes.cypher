// How many families (of two models or more, as `lineage compute` stored them) have each size.
//
// Access: read
// Parameters: none
// Returns: size, families
MATCH (f:Family)
RETURN f.size AS size, count(*) AS families
ORDER BY size
