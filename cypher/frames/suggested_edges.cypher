// Every suggested parent (`lineage infer`'s SUGGESTED_PARENT, parent -> child) at or above a
// confidence, with the parent's id and licences: what `lineage export csv|graphml
// --include-suggested` writes beside the declared edges and what `lineage review --all` checks
// for the lineage_undeclared flag.
//
// Access: read
// Parameters:
//   $min_confidence   the lowest confidence returned
// Returns: parent, child, relation, confidence, parent_id, parent_licenses
MATCH (p:Model)-[s:SUGGESTED_PARENT]->(c:Model)
WHERE s.confidence >= $min_confidence
RETURN p.key AS parent, c.key AS child, s.relation AS relation, s.confidence AS confidence,
       coalesce(p.id, p.key) AS parent_id, coalesce(p.licenses, []) AS parent_licenses
ORDER BY child, parent
