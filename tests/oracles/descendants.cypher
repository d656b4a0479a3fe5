// One model's descendants, computed on the fly: the distinct models below it, not following
// edges flagged cycle (what `lineage compute` stores as `descendants`).
//
// Access: read
// Parameters:
//   $id   the model's Hub id (any case)
// Returns: id, descendants
MATCH (m:Model {key: toLower($id)})
OPTIONAL MATCH (m)-[down*1..]->(x:Model)
WHERE all(r IN down WHERE NOT coalesce(r.cycle, false))
RETURN m.id AS id, count(DISTINCT x) AS descendants
