// One model's properties, found by its Hub id in any case.
//
// Access: read
// Parameters:
//   $id   the Hub id
// Returns: model
MATCH (m:Model {key: toLower(trim($id))})
RETURN m {.*, placeholder: m:Placeholder} AS model
