// Schema version 7: what a model is and the models its card names (architecture, model_type,
// parameters, chat_template_hash, quant_method, quant_bits, card_mentions, card_mention_count),
// which lineage inference compares; range indexes for the two it looks models up by. An older
// store migrates without a reload: the facts stay absent until the next load states them.
//
// Access: write
// Parameters: none
// Returns: nothing
CREATE INDEX model_chat_template_hash IF NOT EXISTS FOR (m:Model) ON (m.chat_template_hash);
CREATE INDEX model_architecture IF NOT EXISTS FOR (m:Model) ON (m.architecture);
