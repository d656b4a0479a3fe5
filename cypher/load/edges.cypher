// Write a batch of lineage edges parent -> child; a missing endpoint becomes a placeholder
// model (label Placeholder). One static MERGE per relationship type: Neo4j plans a MERGE with a dynamic type
// ($(row.type)) about ten times slower. An untyped DERIVATIVE edge is written as stated and
// removed at the end of the load when a typed edge joins the same pair (load/settle_untyped).
// An endpoint named by an alias (a renamed model's old id) is the model it became. An edge
// keeps the kind of statement that last declared it (statement: hub, dataset ...; none for a
// crawl's children list), which a newer statement of its child may end (load/models).
//
// Access: write
// Parameters:
//   $rows      list of {parent_key, parent_id, child_key, child_id, type, source, word,
//              statement}
//   $snapshot  id of the load (Snapshot.id)
//   $seen      when the load started (datetime)
//   $aliases   whether the graph holds aliases (renamed models' old ids) to resolve
// Returns: edges
UNWIND $rows AS row
CALL (row) {
  WITH row WHERE $aliases
  OPTIONAL MATCH (:Alias {key: row.parent_key})-[:ALIAS_OF]->(parent:Model)
  OPTIONAL MATCH (:Alias {key: row.child_key})-[:ALIAS_OF]->(child:Model)
  RETURN parent AS renamed_parent, child AS renamed_child
  UNION
  WITH row WHERE NOT $aliases
  RETURN null AS renamed_parent, null AS renamed_child
}
WITH row, coalesce(renamed_parent.key, row.parent_key) AS parent_key,
     coalesce(renamed_parent.id, row.parent_id) AS parent_id,
     coalesce(renamed_child.key, row.child_key) AS child_key,
     coalesce(renamed_child.id, row.child_id) AS child_id
MERGE (p:Model {key: parent_key})
  ON CREATE SET p:Placeholder, p.id = parent_id,
                p.first_seen = $seen, p.first_snapshot = $snapshot
MERGE (c:Model {key: child_key})
  ON CREATE SET c:Placeholder, c.id = child_id,
                c.first_seen = $seen, c.first_snapshot = $snapshot
FOREACH (_ IN CASE row.type WHEN 'FINETUNE' THEN [1] ELSE [] END |
  MERGE (p)-[e:FINETUNE]->(c)
    ON CREATE SET e.source = row.source, e.snapshot = $snapshot
  SET e.last_snapshot = $snapshot, e.statement = coalesce(row.statement, e.statement),
      e.source = CASE WHEN e.source = 'crawl' THEN row.source ELSE e.source END)
FOREACH (_ IN CASE row.type WHEN 'ADAPTER' THEN [1] ELSE [] END |
  MERGE (p)-[e:ADAPTER]->(c)
    ON CREATE SET e.source = row.source, e.snapshot = $snapshot
  SET e.last_snapshot = $snapshot, e.statement = coalesce(row.statement, e.statement),
      e.source = CASE WHEN e.source = 'crawl' THEN row.source ELSE e.source END)
FOREACH (_ IN CASE row.type WHEN 'QUANTIZATION' THEN [1] ELSE [] END |
  MERGE (p)-[e:QUANTIZATION]->(c)
    ON CREATE SET e.source = row.source, e.snapshot = $snapshot
  SET e.last_snapshot = $snapshot, e.statement = coalesce(row.statement, e.statement),
      e.source = CASE WHEN e.source = 'crawl' THEN row.source ELSE e.source END)
FOREACH (_ IN CASE row.type WHEN 'MERGE' THEN [1] ELSE [] END |
  MERGE (p)-[e:MERGE]->(c)
    ON CREATE SET e.source = row.source, e.snapshot = $snapshot
  SET e.last_snapshot = $snapshot, e.statement = coalesce(row.statement, e.statement),
      e.source = CASE WHEN e.source = 'crawl' THEN row.source ELSE e.source END)
FOREACH (_ IN CASE row.type WHEN 'DERIVATIVE' THEN [1] ELSE [] END |
  MERGE (p)-[e:DERIVATIVE]->(c)
    ON CREATE SET e.source = row.source, e.snapshot = $snapshot, e.relation_word = row.word
  SET e.last_snapshot = $snapshot, e.statement = coalesce(row.statement, e.statement),
      e.source = CASE WHEN e.source = 'crawl' THEN row.source ELSE e.source END)
RETURN count(*) AS edges
