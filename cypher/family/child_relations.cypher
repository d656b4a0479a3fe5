// How many children a model has, by relation (most common first).
//
// Access: read
// Parameters:
//   $id      the Hub id, any case
//   $types   the lineage relationship types to count
// Returns: relation, children
MATCH (:Model {key: toLower(trim($id))})-[r]->(:Model)
WHERE type(r) IN $types
RETURN type(r) AS relation, count(*) AS children
ORDER BY children DESC, relation
