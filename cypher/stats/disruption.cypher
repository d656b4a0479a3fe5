// The sign of both disruption variants (`mdi`, `mdi_lineage`, stored by `lineage compute`) over
// the models where each is defined, by the relation that made the model (a model made by two
// relations counts under both) and over every model with a parent (relation `ALL`).
//
// Access: read
// Parameters: none
// Returns: relation, mdi, mdi_negative, mdi_zero, mdi_positive, mdi_lineage, mdi_lineage_negative, mdi_lineage_zero, mdi_lineage_positive
CALL () {
  MATCH (:Model)-[r]->(m:Model)
  WITH DISTINCT m, type(r) AS relation
  RETURN relation, m
  UNION ALL
  MATCH (:Model)-[]->(m:Model)
  WITH DISTINCT m
  RETURN 'ALL' AS relation, m
}
WITH relation, m.mdi AS d, m.mdi_lineage AS l
RETURN relation,
       count(d) AS mdi,
       sum(CASE WHEN d < 0 THEN 1 ELSE 0 END) AS mdi_negative,
       sum(CASE WHEN d = 0 THEN 1 ELSE 0 END) AS mdi_zero,
       sum(CASE WHEN d > 0 THEN 1 ELSE 0 END) AS mdi_positive,
       count(l) AS mdi_lineage,
       sum(CASE WHEN l < 0 THEN 1 ELSE 0 END) AS mdi_lineage_negative,
       sum(CASE WHEN l = 0 THEN 1 ELSE 0 END) AS mdi_lineage_zero,
       sum(CASE WHEN l > 0 THEN 1 ELSE 0 END) AS mdi_lineage_positive
ORDER BY relation
