// The most disruptive ($sign 1) or most consolidating ($sign -1) models by a stored disruption
// index (positive or negative, as asked), among models whose counts give at least $support
// models in the window. One branch per index and sign, each read from the index's own range
// index (a property named by a parameter cannot use one); the branch not asked for is cut by its
// guard before it reads anything.
//
// Access: read
// Parameters:
//   $property   the stored index: mdi (direct parents) or mdi_lineage (lineage)
//   $sign       1 for the most disruptive, -1 for the most consolidating
//   $support    least n_i + n_j + n_k
//   $limit      most models returned
// Returns: id, index, n_i, n_j, n_k, downloads
CALL () {
  WITH 1 AS guard WHERE $property = 'mdi' AND $sign > 0
  MATCH (m:Model) WHERE m.mdi > 0
  RETURN m, m.mdi AS index, m.mdi_n_i AS n_i, m.mdi_n_j AS n_j, m.mdi_n_k AS n_k
  UNION ALL
  WITH 1 AS guard WHERE $property = 'mdi' AND $sign < 0
  MATCH (m:Model) WHERE m.mdi < 0
  RETURN m, m.mdi AS index, m.mdi_n_i AS n_i, m.mdi_n_j AS n_j, m.mdi_n_k AS n_k
  UNION ALL
  WITH 1 AS guard WHERE $property = 'mdi_lineage' AND $sign > 0
  MATCH (m:Model) WHERE m.mdi_lineage > 0
  RETURN m, m.mdi_lineage AS index, m.mdi_lineage_n_i AS n_i, m.mdi_lineage_n_j AS n_j,
         m.mdi_lineage_n_k AS n_k
  UNION ALL
  WITH 1 AS guard WHERE $property = 'mdi_lineage' AND $sign < 0
  MATCH (m:Model) WHERE m.mdi_lineage < 0
  RETURN m, m.mdi_lineage AS index, m.mdi_lineage_n_i AS n_i, m.mdi_lineage_n_j AS n_j,
         m.mdi_lineage_n_k AS n_k
}
WITH m, index, n_i, n_j, n_k
WHERE n_i + n_j + n_k >= $support
RETURN m.id AS id, index, n_i, n_j, n_k, m.downloads AS downloads
ORDER BY index * $sign DESC, n_i + n_j + n_k DESC, id
LIMIT $limit
