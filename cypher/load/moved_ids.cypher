// The rows whose Hub object id a model holds under another key: the renames a batch may hold.
// A read, so that the load waits for the batches in flight (and renames, load/renames) only
// when there is one.
//
// Access: read
// Parameters:
//   $rows  list of {key, object_id}
// Returns: key
UNWIND $rows AS row
MATCH (o:Model {object_id: row.object_id})
WHERE o.key <> row.key
RETURN row.key AS key
