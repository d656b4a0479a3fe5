// The lineage edges of the chosen relation types into one batch of models (in key order after
// $after), as columns: the edge frame analytics read for the whole graph, one row per batch.
// `last` is the batch's last model key (null when no model is left).
//
// Access: read
// Parameters:
//   $types    the lineage relationship types to read
//   $after    the last model key of the previous batch ('' for the first)
//   $limit    how many models (children) in the batch
// Returns: last, parents, children, relations, cycles
MATCH (c:Model)
WHERE c.key > $after
WITH c
ORDER BY c.key
LIMIT $limit
OPTIONAL MATCH (c)<-[r]-(p:Model)
WHERE type(r) IN $types
WITH max(c.key) AS last,
     collect(CASE WHEN r IS NOT NULL
             THEN [p.key, c.key, type(r), coalesce(r.cycle, false)] END) AS edges
RETURN last, [e IN edges | e[0]] AS parents, [e IN edges | e[1]] AS children,
       [e IN edges | e[2]] AS relations, [e IN edges | e[3]] AS cycles
