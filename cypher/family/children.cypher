// The children of a set of models (the most downloaded first, at most $per_parent each), with
// how many children each has in all.
//
// Access: read
// Parameters:
//   $keys         model keys (lower-cased Hub ids)
//   $types        the lineage relationship types to follow
//   $per_parent   most children to return per model
// Returns: parent, total, children
UNWIND $keys AS key
MATCH (p:Model {key: key})
CALL (p) {
  // Only the children returned are projected: a root with 100,000 children keeps the most
  // downloaded few in a bounded sort instead of collecting every one of them.
  MATCH (p)-[r]->(c:Model)
  WHERE type(r) IN $types
  WITH r, c ORDER BY coalesce(c.downloads, -1) DESC, c.key
  LIMIT $per_parent
  RETURN collect({relation: type(r), cycle: coalesce(r.cycle, false),
                  model: c {.id, .key, .downloads, .likes, .pipeline_tag, .created_at,
                            .synthetic, placeholder: c:Placeholder}}) AS children
}
RETURN p.key AS parent, COUNT { (p)-[r]->(:Model) WHERE type(r) IN $types } AS total,
       children
