// The most disruptive ($sign 1) or most consolidating ($sign -1) models by a stored disruption
// index (positive or negative, as asked), among models whose counts give at least $support
// models in the window.
//
// Access: read
// Parameters:
//   $property   the stored index: mdi (direct parents) or mdi_lineage (lineage)
//   $sign       1 for the most disruptive, -1 for the most consolidating
//   $support    least n_i + n_j + n_k
//   $limit      most models returned
// Returns: id, index, n_i, n_j, n_k, downloads
MATCH (m:Model)
WHERE m[$property] * $sign > 0
  AND m[$property + '_n_i'] + m[$property + '_n_j'] + m[$property + '_n_k'] >= $support
RETURN m.id AS id, m[$property] AS index, m[$property + '_n_i'] AS n_i,
       m[$property + '_n_j'] AS n_j, m[$property + '_n_k'] AS n_k, m.downloads AS downloads
ORDER BY m[$property] * $sign DESC, m[$property + '_n_i'] + m[$property + '_n_j']
         + m[$property + '_n_k'] DESC, m.id
LIMIT $limit
