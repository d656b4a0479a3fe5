// Write one batch of suggested parents, parent to child as declared lineage runs, apart from
// it (no measure, kin query or report follows SUGGESTED_PARENT unless asked to).
//
// Access: write
// Parameters:
//   $rows   list of {child, parent, relation, confidence, evidence}: model keys, the relation
//           word, the confidence in [0, 1] and the evidence in words (a list)
//   $run    the inference run's id
// Returns: written
UNWIND $rows AS row
MATCH (c:Model {key: row.child})
MATCH (p:Model {key: row.parent})
CREATE (p)-[:SUGGESTED_PARENT {relation: row.relation, confidence: row.confidence,
                               evidence: row.evidence, run: $run}]->(c)
RETURN count(*) AS written
