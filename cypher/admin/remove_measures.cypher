// Remove everything `lineage compute` stores: every measure property of every model, and the
// Family, Kin and Computation nodes. The graph is then as a load leaves it, so that the next
// compute is a first run (the compute benchmark's --first-run).
//
// Access: write
// Parameters: none
// Returns: nothing
MATCH (m:Model)
CALL (m) {
  REMOVE m.generation, m.family, m.family_size, m.descendants,
         m.children_finetune, m.children_adapter, m.children_quantization, m.children_merge,
         m.children_unstated,
         m.mdi, m.mdi_n_i, m.mdi_n_j, m.mdi_n_k,
         m.mdi_lineage, m.mdi_lineage_n_i, m.mdi_lineage_n_j, m.mdi_lineage_n_k
} IN 2 CONCURRENT TRANSACTIONS OF 10000 ROWS
WITH count(*) AS models
MATCH (n)
WHERE n:Family OR n:Kin OR n:Computation
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
