// The shortest lineage paths between two models, edges walked either way over the chosen
// relations (paths through different relationships between the same models count apart), in
// the order of their model keys, with how many shortest paths there are in all.
//
// Access: read
// Parameters:
//   $id      one model's Hub id (any case)
//   $other   the other model's Hub id (any case)
//   $types   the lineage relationship types to follow
//   $limit   most paths to return
// Returns: ids, placeholders, steps, length, total
MATCH (a:Model {key: toLower(trim($id))}), (b:Model {key: toLower(trim($other))})
WITH a, b, COUNT {
  MATCH ALL SHORTEST (a) (()-[r]-() WHERE type(r) IN $types)* (b)
} AS total
MATCH p = ALL SHORTEST (a) (()-[r]-() WHERE type(r) IN $types)* (b)
WITH p, total
ORDER BY [n IN nodes(p) | n.key], [r IN relationships(p) | type(r)]
LIMIT $limit
RETURN [n IN nodes(p) | n.id] AS ids,
       [n IN nodes(p) | n:Placeholder] AS placeholders,
       [r IN relationships(p) | {parent: startNode(r).id, child: endNode(r).id,
                                 relation: type(r)}] AS steps,
       length(p) AS length, total
