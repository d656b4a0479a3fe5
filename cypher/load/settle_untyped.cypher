// Remove every untyped DERIVATIVE edge whose parent and child are also joined by a typed edge
// (the lineage rule: a typed edge wins), whichever load stated which.
//
// Access: write
// Parameters: none
// Returns: removed
MATCH (p:Model)-[u:DERIVATIVE]->(c:Model)
WHERE EXISTS { (p)-[:FINETUNE|ADAPTER|QUANTIZATION|MERGE]->(c) }
DELETE u
RETURN count(*) AS removed
