// The indexes not yet online, with how far each has populated (a full-text index over every
// card's text takes minutes at full scale, longer than any one query may run).
//
// Access: read
// Parameters: none
// Returns: name, state, progress
SHOW INDEXES YIELD name, state, populationPercent
WHERE state <> 'ONLINE'
RETURN name, state, populationPercent AS progress
