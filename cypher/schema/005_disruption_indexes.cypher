// Schema version 5: range indexes on both stored disruption indices, so that the most
// disruptive and most consolidating models (`stats/disruption_extremes`) are read from the few
// models with a positive or negative index instead of from every model.
//
// Access: write
// Parameters: none
// Returns: nothing
CREATE INDEX model_mdi IF NOT EXISTS FOR (m:Model) ON (m.mdi);
CREATE INDEX model_mdi_lineage IF NOT EXISTS FOR (m:Model) ON (m.mdi_lineage);
