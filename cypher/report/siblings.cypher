// How many siblings a model has: other children of any of its parents.
//
// Access: read
// Parameters:
//   $key     the model's key
//   $types   the lineage relationship types to follow
// Returns: siblings
MATCH (m:Model {key: $key})
OPTIONAL MATCH (m)<-[r1]-(p:Model)-[r2]->(s:Model)
WHERE type(r1) IN $types AND type(r2) IN $types AND s <> m
RETURN count(DISTINCT s) AS siblings
