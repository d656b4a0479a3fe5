// Models whose id contains a text (case-insensitive), most downloaded first: the search box.
//
// Access: read
// Parameters:
//   $text    part of a Hub id, any case
//   $limit   most rows to return
// Returns: id, downloads, likes, pipeline_tag, placeholder, synthetic
MATCH (m:Model)
WHERE m.key CONTAINS toLower(trim($text))
RETURN m.id AS id, m.downloads AS downloads, m.likes AS likes,
       m.pipeline_tag AS pipeline_tag, m:Placeholder AS placeholder,
       coalesce(m.synthetic, false) AS synthetic
ORDER BY coalesce(m.downloads, -1) DESC, m.id
LIMIT $limit
