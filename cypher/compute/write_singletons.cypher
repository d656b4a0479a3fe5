// Store the measures of models without relatives, in the database itself: generation 0, a
// family of their own, no descendants, no children, no disruption. Only models whose stored
// values differ are written.
//
// Access: write
// Parameters:
//   $properties   the measure properties this run maintains
// Returns: updated
MATCH (m:Model)
WHERE NOT EXISTS { (m)--(:Model) }
WITH m, {generation: 0, family: m.id, family_size: 1, descendants: 0, children_finetune: 0,
         children_adapter: 0, children_quantization: 0, children_merge: 0,
         children_unstated: 0} AS alone
WHERE any(p IN $properties WHERE NOT coalesce(m[p] = alone[p], false)
                             AND NOT (m[p] IS NULL AND alone[p] IS NULL))
CALL (m, alone) {
  WITH m, alone, [p IN $properties WHERE alone[p] IS NOT NULL] AS kept
  SET m.generation = CASE WHEN 'generation' IN kept THEN 0 ELSE m.generation END,
      m.family = CASE WHEN 'family' IN kept THEN m.id ELSE m.family END,
      m.family_size = CASE WHEN 'family_size' IN kept THEN 1 ELSE m.family_size END,
      m.descendants = CASE WHEN 'descendants' IN kept THEN 0 ELSE m.descendants END,
      m.children_finetune = CASE WHEN 'children_finetune' IN kept THEN 0
                            ELSE m.children_finetune END,
      m.children_adapter = CASE WHEN 'children_adapter' IN kept THEN 0
                           ELSE m.children_adapter END,
      m.children_quantization = CASE WHEN 'children_quantization' IN kept THEN 0
                                ELSE m.children_quantization END,
      m.children_merge = CASE WHEN 'children_merge' IN kept THEN 0 ELSE m.children_merge END,
      m.children_unstated = CASE WHEN 'children_unstated' IN kept THEN 0
                            ELSE m.children_unstated END
  FOREACH (_ IN CASE WHEN 'mdi' IN $properties THEN [1] ELSE [] END |
    REMOVE m.mdi, m.mdi_n_i, m.mdi_n_j, m.mdi_n_k)
  FOREACH (_ IN CASE WHEN 'mdi_lineage' IN $properties THEN [1] ELSE [] END |
    REMOVE m.mdi_lineage, m.mdi_lineage_n_i, m.mdi_lineage_n_j, m.mdi_lineage_n_k)
} IN TRANSACTIONS OF 10000 ROWS
RETURN count(*) AS updated
