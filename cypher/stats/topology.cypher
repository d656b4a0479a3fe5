// The paper's Table 1: how often each small kin structure occurs among the lineage edges of the
// chosen relations (the paper's is the finetune forest). An edge is a distinct parent -> child
// pair; k is a model's number of children, j its number of parents. Counted exactly: ordered
// pairs of distinct models, n (n - 1) over every model of the graph; edges; sibling pairs, the
// sum of C(k, 2); sibling triples, the sum of C(k, 3); two-step paths (grandparent, parent,
// child), the sum of j k; edges with a pair of the child's children, the sum over edges of
// C(k_child, 2); uncle-nephew, the sum over edges of (k_parent - 1) k_child; three-step paths.
// Each model with children is visited once, with its children and grandchildren.
//
// Access: read
// Parameters:
//   $types   the lineage relationship types that make the forest
// Returns: nodes, pairs, edges, sibling_pairs, sibling_triples, two_step_paths, edge_child_pairs, uncle_nephew, three_step_paths
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
  WITH k, s, COUNT {
    MATCH (q:Model)-[r3]->(p) WHERE type(r3) IN $types AND q <> p
    RETURN DISTINCT q
  } AS j
  RETURN sum(k) AS edges,
         sum(k * (k - 1) / 2) AS sibling_pairs,
         sum(k * (k - 1) * (k - 2) / 6) AS sibling_triples,
         sum(j * k) AS two_step_paths,
         sum(j * (k * (k - 1) / 2)) AS edge_child_pairs,
         sum((k - 1) * s) AS uncle_nephew,
         sum(j * s) AS three_step_paths
}
RETURN nodes, nodes * (nodes - 1) AS pairs, edges, sibling_pairs, sibling_triples,
       two_step_paths, edge_child_pairs, uncle_nephew, three_step_paths
