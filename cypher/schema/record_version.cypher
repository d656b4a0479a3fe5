// Record that the schema is now at a version.
//
// Access: write
// Parameters:
//   $version   the schema version just applied
// Returns: version
MERGE (v:SchemaVersion {name: 'lineage'})
SET v.version = $version, v.applied_at = datetime()
RETURN v.version AS version
