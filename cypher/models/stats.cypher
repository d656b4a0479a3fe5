// Size of the graph for the app's header: models, placeholders among them, relationships (from
// Neo4j's count store; every relationship between models is a lineage edge), and whether any
// model is synthetic.
//
// Access: read
// Parameters: none
// Returns: models, placeholders, edges, synthetic
CALL () {
  MATCH (m:Model) RETURN count(m) AS models
}
CALL () {
  MATCH (m:Placeholder) RETURN count(m) AS placeholders
}
CALL () {
  MATCH ()-[r]->() RETURN count(r) AS edges
}
CALL () {
  RETURN EXISTS { MATCH (m:Model) WHERE m.synthetic = true } AS synthetic
}
RETURN models, placeholders, edges, synthetic
