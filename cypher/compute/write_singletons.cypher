// Store the measures of models without relatives, in the database itself: generation 0, a
// family of their own, no descendants, no children, no disruption. Only models whose stored
// values differ are written. The test is written out property by property (cheaper than
// building a map per model; an absent value is a difference); a disruption variant's index and
// counts are always written together, so an absent n_i stands for the absent group.
// Batches of 1,000: two of them at once stay inside the transaction memory of the smallest
// server the tests run (768 MB heap), whose models carry their declared parents too.
//
// Access: write
// Parameters:
//   $properties   the measure properties this run maintains
// Returns: updated
MATCH (m:Model)
WHERE NOT EXISTS { (m)--(:Model) }
  AND NOT ((coalesce(m.generation = 0, false) OR NOT 'generation' IN $properties)
       AND (coalesce(m.family_size = 1, false) OR NOT 'family_size' IN $properties)
       AND (coalesce(m.descendants = 0, false) OR NOT 'descendants' IN $properties)
       AND (coalesce(m.children_finetune = 0 AND m.children_adapter = 0
                     AND m.children_quantization = 0 AND m.children_merge = 0
                     AND m.children_unstated = 0, false)
            OR NOT 'children_finetune' IN $properties)
       AND (coalesce(m.family = m.id, false) OR NOT 'family' IN $properties)
       AND (m.mdi_n_i IS NULL OR NOT 'mdi' IN $properties)
       AND (m.mdi_lineage_n_i IS NULL OR NOT 'mdi_lineage' IN $properties))
CALL (m) {
  SET m.generation = CASE WHEN 'generation' IN $properties THEN 0 ELSE m.generation END,
      m.family = CASE WHEN 'family' IN $properties THEN m.id ELSE m.family END,
      m.family_size = CASE WHEN 'family_size' IN $properties THEN 1 ELSE m.family_size END,
      m.descendants = CASE WHEN 'descendants' IN $properties THEN 0 ELSE m.descendants END,
      m.children_finetune = CASE WHEN 'children_finetune' IN $properties THEN 0
                            ELSE m.children_finetune END,
      m.children_adapter = CASE WHEN 'children_adapter' IN $properties THEN 0
                           ELSE m.children_adapter END,
      m.children_quantization = CASE WHEN 'children_quantization' IN $properties THEN 0
                                ELSE m.children_quantization END,
      m.children_merge = CASE WHEN 'children_merge' IN $properties THEN 0
                         ELSE m.children_merge END,
      m.children_unstated = CASE WHEN 'children_unstated' IN $properties THEN 0
                            ELSE m.children_unstated END
  FOREACH (_ IN CASE WHEN 'mdi' IN $properties THEN [1] ELSE [] END |
    REMOVE m.mdi, m.mdi_n_i, m.mdi_n_j, m.mdi_n_k)
  FOREACH (_ IN CASE WHEN 'mdi_lineage' IN $properties THEN [1] ELSE [] END |
    REMOVE m.mdi_lineage, m.mdi_lineage_n_i, m.mdi_lineage_n_j, m.mdi_lineage_n_k)
} IN 2 CONCURRENT TRANSACTIONS OF 1000 ROWS
RETURN count(*) AS updated
