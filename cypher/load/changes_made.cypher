// The changes one load recorded, by kind.
//
// Access: read
// Parameters:
//   $snapshot  id of the load (Snapshot.id)
//   $seen      when the load started (datetime): changes are found by this time's index
// Returns: kind, changes
MATCH (c:Change)
WHERE c.at = $seen AND c.snapshot = $snapshot
RETURN c.kind AS kind, count(*) AS changes
ORDER BY kind
