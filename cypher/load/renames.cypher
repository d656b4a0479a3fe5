// Renamed repositories: a row whose Hub object id a model already holds under another key is
// that model renamed. The model takes the new key and id, keeping its lineage, measures and
// history; the old id becomes an (:Alias)-[:ALIAS_OF]->(model), so lookups and later edges
// that name it find the model; its children's declared parents name it by the new key, and
// its recorded changes follow it there. A placeholder made for the new id meanwhile (a child
// that named it before it was loaded) hands its edges over and goes. When a loaded model with another object id holds the new key, the
// two are different repositories and nothing is renamed.
//
// Access: write
// Parameters:
//   $rows      list of {key, id, object_id}
//   $snapshot  id of the load (Snapshot.id)
//   $seen      when the load started (datetime)
//   $track     whether to record the rename as a Change
//   $types     the lineage relationship types
// Returns: renamed (list of [old id, new id])
UNWIND $rows AS row
MATCH (o:Model {object_id: row.object_id})
WHERE o.key <> row.key
OPTIONAL MATCH (n:Model {key: row.key})
WITH o, n, row
WHERE n IS NULL OR n:Placeholder
CALL (o, n) {
  WITH o, n WHERE n IS NOT NULL
  OPTIONAL MATCH (n)-[r]->(c:Model) WHERE c <> o
  WITH o, n, collect(r) AS outgoing
  OPTIONAL MATCH (p:Model)-[r]->(n) WHERE p <> o
  WITH o, n, outgoing, collect(r) AS incoming
  UNWIND outgoing + incoming AS r
  WITH o, n, r, type(r) AS t, properties(r) AS props,
       CASE WHEN startNode(r) = n THEN o ELSE startNode(r) END AS from,
       CASE WHEN endNode(r) = n THEN o ELSE endNode(r) END AS to
  CALL (from, to, t, props) {
    FOREACH (_ IN CASE t WHEN 'FINETUNE' THEN [1] ELSE [] END |
      MERGE (from)-[x:FINETUNE]->(to) SET x += props)
    FOREACH (_ IN CASE t WHEN 'ADAPTER' THEN [1] ELSE [] END |
      MERGE (from)-[x:ADAPTER]->(to) SET x += props)
    FOREACH (_ IN CASE t WHEN 'QUANTIZATION' THEN [1] ELSE [] END |
      MERGE (from)-[x:QUANTIZATION]->(to) SET x += props)
    FOREACH (_ IN CASE t WHEN 'MERGE' THEN [1] ELSE [] END |
      MERGE (from)-[x:MERGE]->(to) SET x += props)
    FOREACH (_ IN CASE t WHEN 'DERIVATIVE' THEN [1] ELSE [] END |
      MERGE (from)-[x:DERIVATIVE]->(to) SET x += props)
    FOREACH (_ IN CASE t WHEN 'ENDED' THEN [1] ELSE [] END |
      CREATE (from)-[x:ENDED]->(to) SET x = props)
  }
}
CALL (n) {
  WITH n WHERE n IS NOT NULL
  DETACH DELETE n
}
WITH o, row, o.key AS old_key, o.id AS old_id
OPTIONAL MATCH (stale:Alias {key: row.key})
DETACH DELETE stale
WITH o, row, old_key, old_id
MERGE (a:Alias {key: old_key})
SET a.id = old_id, a.renamed_at = $seen, a.snapshot = $snapshot
MERGE (a)-[:ALIAS_OF]->(o)
SET o.key = row.key, o.id = row.id
WITH o, row, old_key, old_id
CALL (o, old_key) {
  MATCH (o)-[e]->(c:Model)
  WHERE type(e) IN $types AND c.declared_parents IS NOT NULL
  WITH DISTINCT c, o, old_key
  SET c.declared_parents = [x IN c.declared_parents |
        CASE WHEN split(x, '>')[1] = old_key THEN split(x, '>')[0] + '>' + o.key ELSE x END]
}
CALL (o, old_key) {
  MATCH (c:Change {model_key: old_key})
  SET c.model_key = o.key
}
FOREACH (_ IN CASE WHEN $track THEN [1] ELSE [] END |
  CREATE (:Change {kind: 'renamed', before: old_id, after: row.id, snapshot: $snapshot,
                   at: $seen, model_key: row.key, model_id: row.id}))
RETURN collect([old_id, row.id]) AS renamed
