// The facts a lineage report shows of the descendants it lists and draws.
//
// Access: read
// Parameters:
//   $keys   model keys (lower-cased Hub ids)
// Returns: model
UNWIND $keys AS key
MATCH (c:Model {key: key})
RETURN c {.id, .key, .downloads, .pipeline_tag, .created_at, placeholder: c:Placeholder} AS model
