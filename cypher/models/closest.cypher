// Ids near one that is not in the graph: models whose key contains one of a few fragments of
// it (its owner, its name, the longer words of its name), the most downloaded of each fragment
// first. The caller ranks them by similarity; the text index on Model.key answers each CONTAINS.
//
// Access: read
// Parameters:
//   $fragments      lower-cased pieces of the id that was asked for
//   $per_fragment   most candidates to take per fragment
// Returns: id, downloads
UNWIND $fragments AS fragment
CALL (fragment) {
  MATCH (m:Model)
  WHERE m.key CONTAINS fragment
  RETURN m
  ORDER BY coalesce(m.downloads, -1) DESC, m.key
  LIMIT $per_fragment
}
RETURN DISTINCT m.id AS id, m.downloads AS downloads
