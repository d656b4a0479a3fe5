// One model's children by relation, computed on the fly (what `lineage compute` stores as
// `children_finetune` ... `children_unstated`; every edge counts, cycle edges too).
//
// Access: read
// Parameters:
//   $id   the model's Hub id (any case)
// Returns: id, children_finetune, children_adapter, children_quantization, children_merge, children_unstated
MATCH (m:Model {key: toLower($id)})
RETURN m.id AS id,
       COUNT { MATCH (m)-[:FINETUNE]->(c:Model) RETURN DISTINCT c } AS children_finetune,
       COUNT { MATCH (m)-[:ADAPTER]->(c:Model) RETURN DISTINCT c } AS children_adapter,
       COUNT { MATCH (m)-[:QUANTIZATION]->(c:Model) RETURN DISTINCT c } AS children_quantization,
       COUNT { MATCH (m)-[:MERGE]->(c:Model) RETURN DISTINCT c } AS children_merge,
       COUNT { MATCH (m)-[:DERIVATIVE]->(c:Model) RETURN DISTINCT c } AS children_unstated
