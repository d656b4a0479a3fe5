// Record the start of a load.
//
// Access: write
// Parameters:
//   $id       the load's id
//   $source   what was loaded (file paths, Hub endpoint, generator settings)
//   $kind     crawl, dataset, jsonl, hub or synthetic
//   $started  when it started (datetime)
// Returns: id
MERGE (s:Snapshot {id: $id})
SET s.source = $source, s.kind = $kind, s.started_at = $started
RETURN s.id AS id
