// One model's disruption, direct-parent variant, computed on the fly (what `lineage compute`
// stores as `mdi`, `mdi_n_i`, `mdi_n_j`, `mdi_n_k`). Later models: created in (t, t + window]
// after the model's creation time t. n_i: later children of the model and of none of its
// parents; n_j: of the model and of some parent; n_k: of some parent, not of the model. The
// index (n_i - n_j) / (n_i + n_j + n_k) is null without parents, creation time or later
// models; the counts are null without parents or creation time. Edges flagged cycle are not
// followed.
//
// Access: read
// Parameters:
//   $id            the model's Hub id (any case)
//   $window_days   the window in days; 0 means no window
// Returns: id, mdi, n_i, n_j, n_k
MATCH (f:Model {key: toLower($id)})
OPTIONAL MATCH (f)<-[r0]-(p:Model)
WHERE NOT coalesce(r0.cycle, false)
WITH f, collect(DISTINCT p) AS parents
WITH f, parents, f.created_at AS t,
     CASE WHEN $window_days = 0 THEN null
          ELSE f.created_at + duration({seconds: $window_days * 86400}) END AS until
CALL (f, parents, t, until) {
  UNWIND CASE WHEN size(parents) > 0 AND t IS NOT NULL THEN [f] + parents ELSE [] END AS s
  MATCH (s)-[r]->(x:Model)
  WHERE NOT coalesce(r.cycle, false) AND x.created_at > t
    AND (until IS NULL OR x.created_at <= until)
  WITH DISTINCT x
  WITH EXISTS { (f)-[a]->(x) WHERE NOT coalesce(a.cycle, false) } AS fromFocal,
       EXISTS { (q:Model)-[b]->(x) WHERE q IN parents AND NOT coalesce(b.cycle, false) }
         AS fromParents
  RETURN sum(CASE WHEN fromFocal AND NOT fromParents THEN 1 ELSE 0 END) AS n_i,
         sum(CASE WHEN fromFocal AND fromParents THEN 1 ELSE 0 END) AS n_j,
         sum(CASE WHEN NOT fromFocal THEN 1 ELSE 0 END) AS n_k
}
WITH f, size(parents) > 0 AND t IS NOT NULL AS counted, n_i, n_j, n_k
RETURN f.id AS id,
       CASE WHEN counted AND n_i + n_j + n_k > 0
            THEN toFloat(n_i - n_j) / (n_i + n_j + n_k) END AS mdi,
       CASE WHEN counted THEN n_i END AS n_i, CASE WHEN counted THEN n_j END AS n_j,
       CASE WHEN counted THEN n_k END AS n_k
