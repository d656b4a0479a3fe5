// The degrees the paper's Table 1 is counted from, over the lineage edges of the chosen
// relations (the paper's is the finetune forest): for each model with children, k its children,
// j its parents and s the sum of its children's own k (an edge is a distinct parent -> child
// pair, never a model to itself); and n, the models of the graph. Each model with children is
// visited once; its three numbers travel packed in three lists of one row. The counts
// themselves are `lineage.analytics.measures.structure.table_one`.
//
// Access: read
// Parameters:
//   $types   the lineage relationship types that make the forest
// Returns: nodes, children, parents, grandchildren
CALL () {
  MATCH (m:Model) RETURN count(m) AS nodes
}
CALL () {
  MATCH (p:Model)-[r]->(:Model) WHERE type(r) IN $types
  WITH DISTINCT p
  CALL (p) {
    MATCH (p)-[r]->(c:Model) WHERE type(r) IN $types AND c <> p
    WITH DISTINCT c
    RETURN count(c) AS k,
           sum(COUNT {
             MATCH (c)-[r2]->(g:Model) WHERE type(r2) IN $types AND g <> c
             RETURN DISTINCT g
           }) AS s
  }
  WITH p, k, s
  WHERE k > 0
  RETURN collect(k) AS children,
         collect(COUNT {
           MATCH (q:Model)-[r3]->(p) WHERE type(r3) IN $types AND q <> p
           RETURN DISTINCT q
         }) AS parents,
         collect(s) AS grandchildren
}
RETURN nodes, children, parents, grandchildren
