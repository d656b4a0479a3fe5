// How many families (of 2 or more models, as stored by `lineage compute`) have each size.
//
// Access: read
// Parameters: none
// Returns: size, families
MATCH (f:Family)
RETURN f.size AS size, count(*) AS families
ORDER BY size
