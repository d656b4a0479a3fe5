// Keep the full text of model cards in Card nodes joined to models by key (node queries on
// Model never carry the text).
//
// Access: write
// Parameters:
//   $rows   list of {key, text, truncated}
// Returns: cards
UNWIND $rows AS row
MERGE (c:Card {key: row.key})
SET c.text = row.text, c.truncated = row.truncated
RETURN count(*) AS cards
