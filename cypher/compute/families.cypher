// Every stored family, to compare a compute run's families with.
//
// Access: read
// Parameters:
// Returns: id, root, size, depth, virality, finetune, adapter, quantization, merge, unstated
MATCH (f:Family)
RETURN f.id AS id, f.root AS root, f.size AS size, f.depth AS depth, f.virality AS virality,
       f.finetune AS finetune, f.adapter AS adapter, f.quantization AS quantization,
       f.merge AS merge, f.unstated AS unstated
