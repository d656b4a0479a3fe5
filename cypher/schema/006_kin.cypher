// Schema version 6: the stored heads of huge kin sets, one Kin node per model key, found by
// the kin queries through this constraint's index.
//
// Access: write
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT kin_key IF NOT EXISTS FOR (k:Kin) REQUIRE k.key IS UNIQUE;
