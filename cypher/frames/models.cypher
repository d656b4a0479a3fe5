// One batch of models in key order after $after, with the asked-for properties (absent ones as
// null): the model frame analytics read for the whole graph. Walking by key through the unique
// index keeps every batch a short transaction.
// A removed model counts as a placeholder: the current Hub knows it only as the name its
// children give.
//
// Access: read
// Parameters:
//   $after        the last key of the previous batch ('' for the first)
//   $limit        how many models in the batch
//   $properties   the Model properties to return
// Returns: key, values, placeholder
MATCH (m:Model)
WHERE m.key > $after
WITH m
ORDER BY m.key
LIMIT $limit
RETURN m.key AS key, [p IN $properties | m[p]] AS values, m:Placeholder OR m:Removed AS placeholder
