// The models a compute run measures (those with relatives), by key: what the measures need
// (downloads, creation time in epoch milliseconds) and the measures stored now.
//
// Access: read
// Parameters:
//   $keys         model keys
//   $properties   the stored measure properties to return
// Returns: key, id, downloads, created, current
UNWIND $keys AS key
MATCH (m:Model {key: key})
RETURN m.key AS key, m.id AS id, m.downloads AS downloads,
       m.created_at.epochMillis AS created, [p IN $properties | m[p]] AS current
