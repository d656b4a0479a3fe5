// The sign of both disruption variants (`mdi`, `mdi_lineage`) over the models where each is
// defined, by the relation that made the model (a model made by two relations counts under
// both) and over every model with a parent (relation `ALL`), as the latest `lineage compute`
// run counted them (kept on its Computation node: counting them in the database walks every
// lineage edge).
//
// Access: read
// Parameters: none
// Returns: relation, mdi, mdi_negative, mdi_zero, mdi_positive, mdi_lineage, mdi_lineage_negative, mdi_lineage_zero, mdi_lineage_positive
MATCH (c:Computation)
WHERE c.mdi_relations IS NOT NULL OR c.mdi_lineage_relations IS NOT NULL
WITH c
ORDER BY c.finished_at DESC, c.started_at DESC
LIMIT 1
WITH c, coalesce(c.mdi_relations, []) AS direct, coalesce(c.mdi_lineage_relations, []) AS lineage
UNWIND direct + [r IN lineage WHERE NOT r IN direct] AS relation
WITH c, relation, [i IN range(0, size(direct) - 1) WHERE direct[i] = relation] AS d,
     [i IN range(0, size(lineage) - 1) WHERE lineage[i] = relation] AS l
RETURN relation,
       coalesce(c.mdi_models[d[0]], 0) AS mdi,
       coalesce(c.mdi_negative[d[0]], 0) AS mdi_negative,
       coalesce(c.mdi_zero[d[0]], 0) AS mdi_zero,
       coalesce(c.mdi_positive[d[0]], 0) AS mdi_positive,
       coalesce(c.mdi_lineage_models[l[0]], 0) AS mdi_lineage,
       coalesce(c.mdi_lineage_negative[l[0]], 0) AS mdi_lineage_negative,
       coalesce(c.mdi_lineage_zero[l[0]], 0) AS mdi_lineage_zero,
       coalesce(c.mdi_lineage_positive[l[0]], 0) AS mdi_lineage_positive
ORDER BY relation
