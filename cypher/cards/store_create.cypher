// Record the card text store of this graph, unless one is recorded already: one CardStore node
// per graph, so clearing the graph also forgets its store.
//
// Access: write
// Parameters:
//   $id   the id of a new store
// Returns: id (the store's id: $id, or the one recorded before)
MERGE (s:CardStore {graph: 'cards'})
ON CREATE SET s.id = $id
RETURN s.id AS id
