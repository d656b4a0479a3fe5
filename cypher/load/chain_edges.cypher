// Lineage edges that could lie on a cycle (the parent has a parent and the child has a child),
// and the edges flagged as on a cycle by an earlier load (the cycle may be broken since).
// Cycle detection runs on these only.
//
// Access: read
// Parameters:
//   $types   the lineage relationship types
// Returns: parent, child, edge, flagged
MATCH (p:Model)-[e]->(c:Model)
WHERE type(e) IN $types
  AND (coalesce(e.cycle, false)
       OR (EXISTS { (c)-[o]->(:Model) WHERE type(o) IN $types }
           AND EXISTS { (:Model)-[i]->(p) WHERE type(i) IN $types }))
RETURN elementId(p) AS parent, elementId(c) AS child, elementId(e) AS edge,
       coalesce(e.cycle, false) AS flagged
