// Schema version 1: the graph model of the README.
//
// Access: write
// Parameters: none
// Returns: nothing
// Model.key is the lower-cased Hub id: Hub ids match case-insensitively, so every source's
// reference to a model (any case, a URL, padded with spaces) meets the same node.
CREATE CONSTRAINT model_key IF NOT EXISTS FOR (m:Model) REQUIRE m.key IS UNIQUE;
CREATE CONSTRAINT model_id IF NOT EXISTS FOR (m:Model) REQUIRE m.id IS UNIQUE;
CREATE CONSTRAINT snapshot_id IF NOT EXISTS FOR (s:Snapshot) REQUIRE s.id IS UNIQUE;
// The app's search box: substring search over ids. (An owner's models: m.key STARTS WITH
// 'owner/', through the unique key index; placeholders: the Placeholder label.)
CREATE TEXT INDEX model_key_text IF NOT EXISTS FOR (m:Model) ON (m.key);
CREATE INDEX model_pipeline_tag IF NOT EXISTS FOR (m:Model) ON (m.pipeline_tag);
CREATE INDEX model_library_name IF NOT EXISTS FOR (m:Model) ON (m.library_name);
CREATE INDEX model_created_at IF NOT EXISTS FOR (m:Model) ON (m.created_at);
CREATE INDEX model_family IF NOT EXISTS FOR (m:Model) ON (m.family);
CREATE INDEX model_generation IF NOT EXISTS FOR (m:Model) ON (m.generation);
CREATE INDEX model_downloads IF NOT EXISTS FOR (m:Model) ON (m.downloads);
CREATE INDEX model_synthetic IF NOT EXISTS FOR (m:Model) ON (m.synthetic);
