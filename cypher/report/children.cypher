// The children of a set of models (one descendant level of a lineage report), with the facts
// its summary shows.
//
// Access: read
// Parameters:
//   $keys    model keys (lower-cased Hub ids)
//   $types   the lineage relationship types to follow
// Returns: parent, child, relation, cycle, model
UNWIND $keys AS key
MATCH (p:Model {key: key})-[r]->(c:Model)
WHERE type(r) IN $types
RETURN p.key AS parent, c.key AS child, type(r) AS relation,
       coalesce(r.cycle, false) AS cycle,
       c {.id, .key, .downloads, .pipeline_tag, .created_at, placeholder: c:Placeholder} AS model
