// The models a complete listing did not see: loaded (not placeholders), not already removed,
// of the listing's world (synthetic or real), and written by none of the listing's runs.
//
// Access: read
// Parameters:
//   $snapshots  ids of the listing's runs (one, or several for a crawl resumed after a stop)
//   $synthetic  whether the listing is of synthetic models
// Returns: key
MATCH (m:Model)
WHERE NOT m:Placeholder AND NOT m:Removed
  AND NOT m.last_snapshot IN $snapshots
  AND coalesce(m.synthetic, false) = $synthetic
RETURN m.key AS key
