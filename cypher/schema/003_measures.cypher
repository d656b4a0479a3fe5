// Schema version 3: the nodes `lineage compute` writes (families and its run records).
//
// Access: write
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT family_id IF NOT EXISTS FOR (f:Family) REQUIRE f.id IS UNIQUE;
CREATE CONSTRAINT computation_id IF NOT EXISTS FOR (c:Computation) REQUIRE c.id IS UNIQUE;
// The largest families first.
CREATE INDEX family_size IF NOT EXISTS FOR (f:Family) ON (f.size);
