// Schema version 2: card search. A full-text (Lucene) index over the text of model cards,
// which `cards/search` reads. The analyzer keeps stop words, so a phrase such as "merged with"
// or "trained on the" matches exactly those words.
//
// Access: write
// Parameters: none
// Returns: nothing
CREATE FULLTEXT INDEX card_text IF NOT EXISTS FOR (c:Card) ON EACH [c.text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}};
