// Schema version 2: card search. Card texts live in the card text store beside the graph
// (lineage.cypher.cardstore), which indexes them; the graph keeps no Card nodes, so the
// full-text index and the key constraint of the earlier Card nodes go.
//
// Access: write
// Parameters: none
// Returns: nothing
DROP INDEX card_text IF EXISTS;
DROP CONSTRAINT card_key IF EXISTS;
