// The parents of a set of models, with the relation of each edge.
//
// Access: read
// Parameters:
//   $keys    model keys (lower-cased Hub ids)
//   $types   the lineage relationship types to follow
// Returns: child, parent, relation, cycle, model
UNWIND $keys AS key
MATCH (p:Model)-[r]->(c:Model {key: key})
WHERE type(r) IN $types
RETURN c.key AS child, p.key AS parent, type(r) AS relation,
       coalesce(r.cycle, false) AS cycle,
       p {.id, .key, .downloads, .likes, .pipeline_tag, .created_at, .synthetic,
          placeholder: p:Placeholder} AS model
