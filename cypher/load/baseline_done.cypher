// Whether a load has finished in this graph. The first load to finish is the baseline the
// changes of every later one are measured from: until then (an empty graph, or one only
// killed or failed loads wrote) a load records no change, so a first load killed and run
// again gives the graph an uninterrupted one gives.
//
// Access: read
// Parameters: none
// Returns: id
MATCH (s:Snapshot)
WHERE s.finished_at IS NOT NULL AND coalesce(s.status, 'complete') = 'complete'
RETURN s.id AS id
LIMIT 1
