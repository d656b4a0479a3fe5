// Every stored Kin node (the heads of huge kin sets), to compare a compute run's with: one row
// holding a list per node, [key, properties].
//
// Access: read
// Parameters:
// Returns: kin
MATCH (k:Kin)
RETURN collect([k.key, k {.*}]) AS kin
