// Write a batch of models: create or update each by key, resolve placeholders (the model loses
// its Placeholder label), skip ids this load has already written (duplicates within one load are
// reported, not applied).
// Datetimes travel as ISO-8601 text: the driver's conversion of Python datetimes costs more
// than the rest of the row.
//
// Access: write
// Parameters:
//   $rows      list of {key, id, created_at, last_modified, props}: props holds only the
//              properties the source states; the datetimes are ISO text or null
//   $snapshot  id of the load (Snapshot.id)
//   $seen      when the load started (datetime)
// Returns: created, resolved, updated, duplicates
UNWIND $rows AS row
MERGE (m:Model {key: row.key})
WITH m, row,
     coalesce(m.last_snapshot = $snapshot, false) AS duplicate,
     m.first_snapshot IS NULL AS created,
     m:Placeholder AS resolved
FOREACH (_ IN CASE WHEN duplicate THEN [] ELSE [1] END |
  SET m += row.props,
      m.id = row.id,
      m.created_at = coalesce(datetime(row.created_at), m.created_at),
      m.last_modified = coalesce(datetime(row.last_modified), m.last_modified),
      m.first_seen = coalesce(m.first_seen, $seen),
      m.first_snapshot = coalesce(m.first_snapshot, $snapshot),
      m.last_seen = $seen,
      m.last_snapshot = $snapshot
  REMOVE m:Placeholder)
RETURN sum(CASE WHEN created AND NOT duplicate THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN resolved AND NOT duplicate THEN 1 ELSE 0 END) AS resolved,
       sum(CASE WHEN NOT (created OR resolved OR duplicate) THEN 1 ELSE 0 END) AS updated,
       [r IN collect(CASE WHEN duplicate THEN row.key END) WHERE r IS NOT NULL] AS duplicates
