// Models whose card contains a phrase, best match first (Lucene's BM25 score of the full-text
// index `card_text`), with a snippet of the card around the first word of the phrase.
// $query is a Lucene query: callers build it from what a user typed with
// lineage.analytics.cardsearch.phrase_query, which escapes every syntax character.
//
// Access: read
// Parameters:
//   $query    a Lucene query over card text (a quoted, escaped phrase)
//   $needle   the phrase's first word, lower-cased: where the snippet is cut
//   $width    characters of the snippet
//   $limit    most rows to return
// Returns: id, score, snippet, card_length, downloads, placeholder, synthetic
CALL db.index.fulltext.queryNodes('card_text', $query, {limit: $limit})
YIELD node, score
MATCH (m:Model {key: node.key})
WITH m, score, node.text AS text,
     size(split(toLower(node.text), $needle)[0]) AS at
WITH m, score, text,
     CASE WHEN at >= size(text) THEN 0 ELSE at - $width / 3 END AS start
RETURN m.id AS id, score,
       substring(text, CASE WHEN start < 0 THEN 0 ELSE start END, $width) AS snippet,
       m.card_length AS card_length, m.downloads AS downloads,
       m:Placeholder AS placeholder, coalesce(m.synthetic, false) AS synthetic
ORDER BY score DESC, m.id
