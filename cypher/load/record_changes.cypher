// Record changes a load made, one (:Change) node each.
//
// Access: write
// Parameters:
//   $changes   list of {kind, model_key, model_id, before, after, relation} (absent: null)
//   $snapshot  id of the load (Snapshot.id)
//   $seen      when the load started (datetime)
// Returns: recorded
UNWIND $changes AS change
CREATE (c:Change)
SET c = change, c.snapshot = $snapshot, c.at = $seen
RETURN count(*) AS recorded
