// The families that grew most in a window of time: the models added then (kind 'added'),
// counted by family. A model's family is the one `lineage compute` stored (Model.family, the
// id of the model naming it); a model added since that run takes the family a parent has
// stored (the smallest, when its parents' differ); else it is its own.
//
// Access: read
// Parameters:
//   $since   the window's start (datetime, inclusive)
//   $until   the window's end (datetime, exclusive), or null: up to now
//   $keys    model keys to keep, or null: every model
//   $types   the lineage relationship types a parent is found by
//   $limit   most families returned
// Returns: family, added
MATCH (c:Change)
WHERE c.at >= $since AND ($until IS NULL OR c.at < $until) AND c.kind = 'added'
  AND ($keys IS NULL OR c.model_key IN $keys)
WITH DISTINCT c.model_key AS key
MATCH (m:Model {key: key})
WITH m, CASE WHEN m.family IS NOT NULL THEN m.family
             ELSE coalesce(head(COLLECT {
                    MATCH (p:Model)-[r]->(m)
                    WHERE type(r) IN $types AND p.family IS NOT NULL
                    RETURN p.family AS family ORDER BY family LIMIT 1
                  }), m.id) END AS family
RETURN family, count(m) AS added
ORDER BY added DESC, family
LIMIT $limit
