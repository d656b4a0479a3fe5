// One model's family, computed on the fly: every model joined to it by lineage edges (cycle
// edges too), named after its root with the most descendants (ties: most downloads, then the
// smallest id), with the family's size, depth (its largest generation), and edges by relation
// (what `lineage compute` stores as `family`, `family_size` and the Family node). Walks every
// lineage path in the family: for small families.
//
// Access: read
// Parameters:
//   $id   the id of any model of the family (any case)
// Returns: id, family, family_size, root, depth, finetune, adapter, quantization, merge, unstated
MATCH (m:Model {key: toLower($id)})
CALL (m) {
  MATCH (m)-[*0..]-(x:Model)
  RETURN collect(DISTINCT x) AS members
}
CALL (members) {
  UNWIND members AS root
  WITH root
  WHERE NOT EXISTS { (root)<-[r]-(:Model) WHERE NOT coalesce(r.cycle, false) }
  OPTIONAL MATCH (root)-[down*1..]->(x:Model)
  WHERE all(r IN down WHERE NOT coalesce(r.cycle, false))
  WITH root, count(DISTINCT x) AS descendants
  ORDER BY descendants DESC, coalesce(root.downloads, -1) DESC, root.id ASC
  RETURN collect(root)[0] AS root
}
CALL (members) {
  UNWIND members AS x
  OPTIONAL MATCH path = (:Model)-[up*1..]->(x)
  WHERE all(r IN up WHERE NOT coalesce(r.cycle, false))
  RETURN coalesce(max(length(path)), 0) AS depth
}
CALL (members) {
  UNWIND members AS c
  OPTIONAL MATCH (:Model)-[r]->(c)
  RETURN sum(CASE type(r) WHEN 'FINETUNE' THEN 1 ELSE 0 END) AS finetune,
         sum(CASE type(r) WHEN 'ADAPTER' THEN 1 ELSE 0 END) AS adapter,
         sum(CASE type(r) WHEN 'QUANTIZATION' THEN 1 ELSE 0 END) AS quantization,
         sum(CASE type(r) WHEN 'MERGE' THEN 1 ELSE 0 END) AS merge,
         sum(CASE type(r) WHEN 'DERIVATIVE' THEN 1 ELSE 0 END) AS unstated
}
RETURN m.id AS id, root.id AS family, size(members) AS family_size, root.id AS root, depth,
       finetune, adapter, quantization, merge, unstated
