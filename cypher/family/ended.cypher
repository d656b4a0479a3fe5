// The ended lineage edges touching a set of models (ENDED: a parent its child no longer
// declares, or the parents of a model a complete listing lost), the most recently ended
// first, at most $per_model per model, each with the facts of the model at its other end:
// what a family tree draws when asked for its history.
//
// Access: read
// Parameters:
//   $keys        model keys (lower-cased Hub ids)
//   $per_model   most ended edges returned per model
// Returns: key, parent, child, relation, ended_at, ended_snapshot, model
UNWIND $keys AS key
MATCH (m:Model {key: key})
CALL (m) {
  MATCH (m)-[e:ENDED]-(o:Model)
  WITH e, o ORDER BY e.ended_at DESC, o.key
  LIMIT $per_model
  RETURN startNode(e).key AS parent, endNode(e).key AS child, e.relation AS relation,
         e.ended_at AS ended_at, e.ended_snapshot AS ended_snapshot,
         o {.id, .key, .downloads, .likes, .pipeline_tag, .created_at, .synthetic,
            placeholder: o:Placeholder} AS model
}
RETURN key, parent, child, relation, ended_at, ended_snapshot, model
