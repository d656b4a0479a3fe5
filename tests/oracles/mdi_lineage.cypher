// One model's disruption, lineage variant, computed on the fly (what `lineage compute` stores
// as `mdi_lineage` and its counts). Later models: created in (t, t + window]. n_i: later
// descendants of the model that no path from one of its ancestors reaches without passing
// through it; n_j: later descendants that such a path reaches; n_k: later descendants of its
// ancestors that do not descend from it. Nulls as for `measures/mdi`; edges flagged cycle are
// not followed. Walks every path from the ancestors: for one model.
//
// Access: read
// Parameters:
//   $id            the model's Hub id (any case)
//   $window_days   the window in days; 0 means no window
// Returns: id, mdi_lineage, n_i, n_j, n_k
MATCH (f:Model {key: toLower($id)})
OPTIONAL MATCH (a:Model)-[up*1..]->(f)
WHERE all(r IN up WHERE NOT coalesce(r.cycle, false))
WITH f, collect(DISTINCT a) AS ancestors
WITH f, ancestors, f.created_at AS t,
     CASE WHEN $window_days = 0 THEN null
          ELSE f.created_at + duration({seconds: $window_days * 86400}) END AS until
CALL (f, ancestors, t, until) {
  UNWIND CASE WHEN size(ancestors) > 0 AND t IS NOT NULL THEN ancestors ELSE [] END AS a
  MATCH (a)-[down*1..]->(x:Model)
  WHERE all(r IN down WHERE NOT coalesce(r.cycle, false)) AND x.created_at > t
    AND (until IS NULL OR x.created_at <= until)
  WITH DISTINCT x
  WITH x, EXISTS {
         MATCH (f)-[d*1..]->(x)
         WHERE all(r IN d WHERE NOT coalesce(r.cycle, false))
       } AS fromFocal
  WITH fromFocal, fromFocal AND EXISTS {
         MATCH path = (b:Model)-[d*1..]->(x)
         WHERE b IN ancestors AND all(r IN d WHERE NOT coalesce(r.cycle, false))
           AND none(n IN nodes(path) WHERE n = f)
       } AS avoiding
  RETURN sum(CASE WHEN fromFocal AND NOT avoiding THEN 1 ELSE 0 END) AS n_i,
         sum(CASE WHEN avoiding THEN 1 ELSE 0 END) AS n_j,
         sum(CASE WHEN NOT fromFocal THEN 1 ELSE 0 END) AS n_k
}
WITH f, size(ancestors) > 0 AND t IS NOT NULL AS counted, n_i, n_j, n_k
RETURN f.id AS id,
       CASE WHEN counted AND n_i + n_j + n_k > 0
            THEN toFloat(n_i - n_j) / (n_i + n_j + n_k) END AS mdi_lineage,
       CASE WHEN counted THEN n_i END AS n_i, CASE WHEN counted THEN n_j END AS n_j,
       CASE WHEN counted THEN n_k END AS n_k
