// The size of the graph: models, placeholders among them, models a complete listing removed
// (label Removed: kept, with their history) and lineage edges by relation type, from Neo4j's
// count store (instant at any size), and whether any model is synthetic.
//
// Access: read
// Parameters: none
// Returns: models, placeholders, removed, FINETUNE, ADAPTER, QUANTIZATION, MERGE, DERIVATIVE, synthetic
CALL () { MATCH (m:Model) RETURN count(m) AS models }
CALL () { MATCH (m:Placeholder) RETURN count(m) AS placeholders }
CALL () { MATCH (m:Removed) RETURN count(m) AS removed }
CALL () { MATCH ()-[r:FINETUNE]->() RETURN count(r) AS FINETUNE }
CALL () { MATCH ()-[r:ADAPTER]->() RETURN count(r) AS ADAPTER }
CALL () { MATCH ()-[r:QUANTIZATION]->() RETURN count(r) AS QUANTIZATION }
CALL () { MATCH ()-[r:MERGE]->() RETURN count(r) AS MERGE }
CALL () { MATCH ()-[r:DERIVATIVE]->() RETURN count(r) AS DERIVATIVE }
CALL () { RETURN EXISTS { MATCH (m:Model) WHERE m.synthetic = true } AS synthetic }
RETURN models, placeholders, removed, FINETUNE, ADAPTER, QUANTIZATION, MERGE, DERIVATIVE, synthetic
