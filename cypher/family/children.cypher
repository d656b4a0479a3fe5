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
  MATCH (p)-[r]->(c:Model)
  WHERE type(r) IN $types
  WITH r, c ORDER BY coalesce(c.downloads, -1) DESC, c.key
  RETURN count(*) AS total,
         collect({relation: type(r), cycle: coalesce(r.cycle, false),
                  model: c {.id, .key, .downloads, .likes, .pipeline_tag, .created_at,
                            .synthetic, placeholder: c:Placeholder}})[..$per_parent] AS children
}
RETURN p.key AS parent, total, children
