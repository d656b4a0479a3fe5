// The schema version recorded by `lineage db init` (no row on a database never initialised).
//
// Access: read
// Parameters: none
// Returns: version, applied_at
MATCH (v:SchemaVersion {name: 'lineage'})
RETURN v.version AS version, v.applied_at AS applied_at
