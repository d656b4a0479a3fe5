// One model's properties, found by its Hub id in any case, or by an id it had before a rename
// (renamed_from then names that old id); removed says whether a complete listing lost it.
//
// Access: read
// Parameters:
//   $id   the Hub id
// Returns: model
OPTIONAL MATCH (direct:Model {key: toLower(trim($id))})
OPTIONAL MATCH (:Alias {key: toLower(trim($id))})-[:ALIAS_OF]->(renamed:Model)
WITH coalesce(direct, renamed) AS m, direct IS NULL AND renamed IS NOT NULL AS by_alias
WHERE m IS NOT NULL
RETURN m {.*, placeholder: m:Placeholder, removed: m:Removed,
          renamed_from: CASE WHEN by_alias THEN trim($id) END} AS model
