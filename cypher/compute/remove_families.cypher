// Remove families that no longer exist (joined to another by a new edge, or renamed).
//
// Access: write
// Parameters:
//   $ids   the family ids to remove
// Returns: nothing
MATCH (f:Family)
WHERE f.id IN $ids
DELETE f
