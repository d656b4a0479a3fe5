// The id of the card text store that holds this graph's card texts (no row: no card was ever
// loaded). The store is the folder $LINEAGE_HOME/cards/<id>.
//
// Access: read
// Parameters: none
// Returns: id
MATCH (s:CardStore)
RETURN s.id AS id
LIMIT 1
