// The structural virality of one model's family, computed on the fly: the mean shortest-path
// distance over every pair of its models, lineage edges taken undirected (what `lineage
// compute` stores as the Family node's `virality`; null for a model without relatives).
// One shortest path per pair: for small families.
//
// Access: read
// Parameters:
//   $id   the id of any model of the family (any case)
// Returns: id, family_size, virality
MATCH (m:Model {key: toLower($id)})
CALL (m) {
  MATCH (m)-[*0..]-(x:Model)
  RETURN collect(DISTINCT x) AS members
}
CALL (members) {
  UNWIND members AS u
  UNWIND members AS v
  WITH u, v
  WHERE elementId(u) < elementId(v)
  MATCH path = shortestPath((u)-[*]-(v))
  RETURN sum(length(path)) AS total, count(path) AS pairs
}
RETURN m.id AS id, size(members) AS family_size,
       CASE WHEN pairs = 0 THEN null ELSE toFloat(total) / pairs END AS virality
