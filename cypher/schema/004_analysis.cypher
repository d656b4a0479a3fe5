// Schema version 4: stored results of `lineage analyze`, one Analysis node per analysis and
// parameter set; the newest per name is read by `analysis/latest`.
//
// Access: write
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT analysis_id IF NOT EXISTS FOR (a:Analysis) REQUIRE a.id IS UNIQUE;
CREATE INDEX analysis_name IF NOT EXISTS FOR (a:Analysis) ON (a.name);
