// Write a batch of lineage edges parent -> child. A missing endpoint becomes a placeholder
// model; the untyped DERIVATIVE edge is written only when no typed edge joins the same pair,
// and a typed edge replaces an untyped one.
//
// Access: write
// Parameters:
//   $rows      list of {parent_key, parent_id, child_key, child_id, type, source, word}
//   $typed     the typed relationship types (FINETUNE, ADAPTER, QUANTIZATION, MERGE)
//   $snapshot  id of the load (Snapshot.id)
//   $seen      when the load started (datetime)
// Returns: edges
UNWIND $rows AS row
MERGE (p:Model {key: row.parent_key})
  ON CREATE SET p.id = row.parent_id, p.placeholder = true,
                p.first_seen = $seen, p.first_snapshot = $snapshot
MERGE (c:Model {key: row.child_key})
  ON CREATE SET c.id = row.child_id, c.placeholder = true,
                c.first_seen = $seen, c.first_snapshot = $snapshot
WITH p, c, row
WHERE row.type <> 'DERIVATIVE' OR NOT EXISTS { (p)-[t]->(c) WHERE type(t) IN $typed }
MERGE (p)-[e:$(row.type)]->(c)
  ON CREATE SET e.source = row.source, e.snapshot = $snapshot, e.relation_word = row.word
SET e.last_snapshot = $snapshot
WITH p, c, row
OPTIONAL MATCH (p)-[u:DERIVATIVE]->(c)
WHERE row.type <> 'DERIVATIVE'
DELETE u
RETURN count(*) AS edges
