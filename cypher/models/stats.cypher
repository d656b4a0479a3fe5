// Size of the graph for the app's header: models, lineage edges (from Neo4j's count store),
// whether any model is synthetic, and the model with the most children (where the app starts).
//
// Access: read
// Parameters: none
// Returns: models, edges, synthetic, top
CALL () {
  MATCH (m:Model) RETURN count(m) AS models
}
CALL () {
  MATCH ()-[r]->() RETURN count(r) AS edges
}
CALL () {
  RETURN EXISTS { MATCH (m:Model) WHERE m.synthetic = true } AS synthetic
}
CALL () {
  OPTIONAL MATCH (m:Model)
  WITH m ORDER BY COUNT { (m)-->() } DESC LIMIT 1
  RETURN m.id AS top
}
RETURN models, edges, synthetic, top
