// The largest families as `lineage compute` stored them: size, depth (most generations), root,
// structural virality and the number of edges of each relation.
//
// Access: read
// Parameters:
//   $limit   most families to return
// Returns: family, root, size, depth, virality, finetune, adapter, quantization, merge, unstated
MATCH (f:Family)
RETURN f.id AS family, f.root AS root, f.size AS size, f.depth AS depth,
       f.virality AS virality, f.finetune AS finetune, f.adapter AS adapter,
       f.quantization AS quantization, f.merge AS merge, f.unstated AS unstated
ORDER BY size DESC, family
LIMIT $limit
