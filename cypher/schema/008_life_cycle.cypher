// Schema version 8: the life cycle of models and edges. A model keeps the Hub's stable object
// id (object_id), by which a renamed repository is found; the old id becomes an
// (:Alias {key, id})-[:ALIAS_OF]->(:Model). A model a complete listing no longer holds gets the
// label Removed (removed_at, removed_snapshot); an edge its child's newer statement no longer
// declares becomes an ENDED relationship (relation, ended_at, ended_snapshot). Each load
// records the changes it made to watched facts as (:Change) nodes, read by time and by model.
// An older store migrates without a reload: every model and edge in it is current, and the
// next load of each source states what has changed since.
//
// Access: write
// Parameters: none
// Returns: nothing
CREATE INDEX model_object_id IF NOT EXISTS FOR (m:Model) ON (m.object_id);
CREATE CONSTRAINT alias_key IF NOT EXISTS FOR (a:Alias) REQUIRE a.key IS UNIQUE;
CREATE INDEX change_at IF NOT EXISTS FOR (c:Change) ON (c.at);
CREATE INDEX change_model_key IF NOT EXISTS FOR (c:Change) ON (c.model_key);
