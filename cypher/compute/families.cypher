// Every stored family, to compare a compute run's families with: one row holding a list per
// family, [id, root, size, depth, virality, finetune, adapter, quantization, merge, unstated]
// (one long list travels far faster than many short rows).
//
// Access: read
// Parameters:
// Returns: families
MATCH (f:Family)
RETURN collect([f.id, f.root, f.size, f.depth, f.virality, f.finetune, f.adapter,
                f.quantization, f.merge, f.unstated]) AS families
