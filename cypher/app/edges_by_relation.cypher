// Lineage edges by relation, read from Neo4j's count store (instant at any size).
//
// Access: read
// Parameters: none
// Returns: finetune, adapter, quantization, merge, unstated
CALL () { MATCH ()-[r:FINETUNE]->() RETURN count(r) AS finetune }
CALL () { MATCH ()-[r:ADAPTER]->() RETURN count(r) AS adapter }
CALL () { MATCH ()-[r:QUANTIZATION]->() RETURN count(r) AS quantization }
CALL () { MATCH ()-[r:MERGE]->() RETURN count(r) AS merge }
CALL () { MATCH ()-[r:DERIVATIVE]->() RETURN count(r) AS unstated }
RETURN finetune, adapter, quantization, merge, unstated
