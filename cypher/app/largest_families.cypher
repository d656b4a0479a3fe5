// The largest families, largest first, with their depth, structural virality and root.
//
// Access: read
// Parameters:
//   $limit   most families returned
// Returns: id, root, size, depth, virality
MATCH (f:Family)
RETURN f.id AS id, f.root AS root, f.size AS size, f.depth AS depth, f.virality AS virality
ORDER BY f.size DESC, f.id
LIMIT $limit
