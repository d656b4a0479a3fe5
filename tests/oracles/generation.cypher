// One model's generation, computed on the fly: the longest lineage path from a root down to
// it, not following edges flagged cycle (what `lineage compute` stores as `generation`).
// Walks every path above the model: for one model.
//
// Access: read
// Parameters:
//   $id   the model's Hub id (any case)
// Returns: id, generation
MATCH (m:Model {key: toLower($id)})
OPTIONAL MATCH path = (:Model)-[up*1..]->(m)
WHERE all(r IN up WHERE NOT coalesce(r.cycle, false))
RETURN m.id AS id, coalesce(max(length(path)), 0) AS generation
