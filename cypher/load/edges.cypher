// Write a batch of lineage edges parent -> child; a missing endpoint becomes a placeholder
// model (label Placeholder). One static MERGE per relationship type: Neo4j plans a MERGE with a dynamic type
// ($(row.type)) about ten times slower. An untyped DERIVATIVE edge is written as stated and
// removed at the end of the load when a typed edge joins the same pair (load/settle_untyped).
//
// Access: write
// Parameters:
//   $rows      list of {parent_key, parent_id, child_key, child_id, type, source, word}
//   $snapshot  id of the load (Snapshot.id)
//   $seen      when the load started (datetime)
// Returns: edges
UNWIND $rows AS row
MERGE (p:Model {key: row.parent_key})
  ON CREATE SET p:Placeholder, p.id = row.parent_id,
                p.first_seen = $seen, p.first_snapshot = $snapshot
MERGE (c:Model {key: row.child_key})
  ON CREATE SET c:Placeholder, c.id = row.child_id,
                c.first_seen = $seen, c.first_snapshot = $snapshot
FOREACH (_ IN CASE row.type WHEN 'FINETUNE' THEN [1] ELSE [] END |
  MERGE (p)-[e:FINETUNE]->(c)
    ON CREATE SET e.source = row.source, e.snapshot = $snapshot
  SET e.last_snapshot = $snapshot,
      e.source = CASE WHEN e.source = 'crawl' THEN row.source ELSE e.source END)
FOREACH (_ IN CASE row.type WHEN 'ADAPTER' THEN [1] ELSE [] END |
  MERGE (p)-[e:ADAPTER]->(c)
    ON CREATE SET e.source = row.source, e.snapshot = $snapshot
  SET e.last_snapshot = $snapshot,
      e.source = CASE WHEN e.source = 'crawl' THEN row.source ELSE e.source END)
FOREACH (_ IN CASE row.type WHEN 'QUANTIZATION' THEN [1] ELSE [] END |
  MERGE (p)-[e:QUANTIZATION]->(c)
    ON CREATE SET e.source = row.source, e.snapshot = $snapshot
  SET e.last_snapshot = $snapshot,
      e.source = CASE WHEN e.source = 'crawl' THEN row.source ELSE e.source END)
FOREACH (_ IN CASE row.type WHEN 'MERGE' THEN [1] ELSE [] END |
  MERGE (p)-[e:MERGE]->(c)
    ON CREATE SET e.source = row.source, e.snapshot = $snapshot
  SET e.last_snapshot = $snapshot,
      e.source = CASE WHEN e.source = 'crawl' THEN row.source ELSE e.source END)
FOREACH (_ IN CASE row.type WHEN 'DERIVATIVE' THEN [1] ELSE [] END |
  MERGE (p)-[e:DERIVATIVE]->(c)
    ON CREATE SET e.source = row.source, e.snapshot = $snapshot, e.relation_word = row.word
  SET e.last_snapshot = $snapshot,
      e.source = CASE WHEN e.source = 'crawl' THEN row.source ELSE e.source END)
RETURN count(*) AS edges
