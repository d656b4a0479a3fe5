// The children of a set of models (one descendant level of a lineage report), packed as one
// list in one row: a level may hold tens of thousands of edges, and one row of small lists
// travels many times faster than a row per edge. The facts of the few descendants a report
// shows are read afterwards (`report/models`).
//
// Access: read
// Parameters:
//   $keys    model keys (lower-cased Hub ids)
//   $types   the lineage relationship types to follow
// Returns: edges (a list of [parent key, child key, relationship type, cycle, child downloads])
UNWIND $keys AS key
MATCH (p:Model {key: key})-[r]->(c:Model)
WHERE type(r) IN $types
RETURN collect([p.key, c.key, type(r), coalesce(r.cycle, false), c.downloads]) AS edges
