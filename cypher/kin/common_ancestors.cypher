// The nearest common ancestors of two models over the chosen relations. A common ancestor is a
// model both descend from (a model counts as its own ancestor); it is nearest when no other
// common ancestor lies strictly below it (descends from it without being its ancestor too, so
// models on one cycle stand together). Each comes with its shortest distance down to either
// model, the nearest first (least total distance, then most downloaded), with how many common
// ancestors there are in all (nearest or not).
//
// Access: read
// Parameters:
//   $id      one model's Hub id (any case)
//   $other   the other model's Hub id (any case)
//   $types   the lineage relationship types to follow
//   $limit   most nearest common ancestors to return
// Returns: id, to_id, to_other, downloads, placeholder, common
MATCH (a:Model {key: toLower(trim($id))}), (b:Model {key: toLower(trim($other))})
CALL (a) {
  MATCH (a)<-[rs*0..]-(x) WHERE all(r IN rs WHERE type(r) IN $types)
  RETURN collect(DISTINCT x) AS up_a
}
CALL (b) {
  MATCH (b)<-[rs*0..]-(x) WHERE all(r IN rs WHERE type(r) IN $types)
  RETURN collect(DISTINCT x) AS up_b
}
WITH a, b, [x IN up_a WHERE x IN up_b] AS common
CALL (common) {
  UNWIND common AS x
  CALL (x) {
    MATCH (x)<-[rs*0..]-(y) WHERE all(r IN rs WHERE type(r) IN $types)
    RETURN collect(DISTINCT y) AS up
  }
  RETURN collect({node: x, up: up}) AS ups
}
UNWIND ups AS u
WITH a, b, size(common) AS common, u, ups
WHERE none(v IN ups WHERE u.node IN v.up AND NOT v.node IN u.up)
WITH a, b, common, u.node AS c
MATCH pa = SHORTEST 1 (c) (()-[ra]->() WHERE type(ra) IN $types)* (a)
MATCH pb = SHORTEST 1 (c) (()-[rb]->() WHERE type(rb) IN $types)* (b)
RETURN c.id AS id, length(pa) AS to_id, length(pb) AS to_other, c.downloads AS downloads,
       c:Placeholder AS placeholder, common
ORDER BY to_id + to_other, coalesce(downloads, -1) DESC, c.key
LIMIT $limit
