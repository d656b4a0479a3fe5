// One page of models in key order after $after: of those with relatives (a lineage edge to or
// from another model), what a compute run needs, column by column (a few rows of long lists
// travel far faster than many short rows): key, id, downloads, creation time in epoch
// milliseconds, the measures stored now (a list per model), and each model's incoming lineage
// edges as [parent key, type, cycle]. Walking the unique key index page by page keeps every
// transaction short.
//
// Access: read
// Parameters:
//   $after        the last key of the previous page ('' for the first)
//   $limit        how many models the page walks
//   $properties   the stored measure properties to return
//   $types        the lineage relationship types
// Returns: last, walked, key, id, downloads, created, current, parents
MATCH (m:Model)
WHERE m.key > $after
WITH m
ORDER BY m.key
LIMIT $limit
WITH collect(m) AS page
WITH page, [m IN page WHERE EXISTS { (m)--(:Model) }] AS related
RETURN page[-1].key AS last, size(page) AS walked,
       [m IN related | m.key] AS key, [m IN related | m.id] AS id,
       [m IN related | m.downloads] AS downloads,
       [m IN related | m.created_at.epochMillis] AS created,
       [m IN related | [p IN $properties | m[p]]] AS current,
       [m IN related | [(m)<-[r]-(parent:Model) WHERE type(r) IN $types
                        | [parent.key, type(r), coalesce(r.cycle, false)]]] AS parents
