"""What a Hub object says the model is: architecture, type, size, chat template, quantization;
read from hand-made objects in both spellings (the API's camelCase, huggingface_hub's
snake_case) and stored only where stated."""

from __future__ import annotations

import hashlib

from lineage.loader.hubinfo import record_from_hub
from lineage.loader.ingest import model_properties
from lineage.loader.modelfacts import FACTS, chat_template_hash

TEMPLATE = "{% for m in messages %}{{ m.content }}{% endfor %}"
# sha256(TEMPLATE)[:16], and of the texts "default template", "tool template", "gguf template".
TEMPLATE_HASH = "2f3f666573313d2b"
DEFAULT_HASH, TOOL_HASH, GGUF_HASH = "e81aa89cb6f645b6", "8b8653c748573a08", "456472f3fc59074b"


def facts(record):
    return {name: getattr(record, name) for name in FACTS}


def test_an_api_object_states_every_fact():
    record = record_from_hub({
        "id": "org/llama-gptq", "tags": ["transformers", "4-bit", "gptq"],
        "config": {"architectures": ["LlamaForCausalLM"], "model_type": "llama",
                   "tokenizer_config": {"chat_template": TEMPLATE, "bos_token": "<s>"},
                   "quantization_config": {"quant_method": "GPTQ", "bits": 4}},
        "safetensors": {"parameters": {"I32": 878050304, "F16": 266338304},
                        "total": 1144388608},
        "cardData": {"license": "llama3"}}, "f:1")
    assert facts(record) == {"architecture": "LlamaForCausalLM", "model_type": "llama",
                             "parameters": 1144388608, "chat_template_hash": TEMPLATE_HASH,
                             "quant_method": "gptq", "quant_bits": 4}
    assert not record.rejects


def test_a_model_info_object_in_snake_case_with_printed_siblings_is_a_gguf():
    # The crawl files: card_data as YAML text, siblings as huggingface_hub printed them.
    record = record_from_hub({
        "id": "org/m-GGUF", "card_data": "license: mit\n", "gguf": None,
        "config": {"model_type": "mistral"}, "safetensors": None,
        "siblings": ["RepoSibling(rfilename='README.md', size=None, blob_id=None, lfs=None)",
                     "RepoSibling(rfilename='m.Q4_K_M.gguf', size=None, blob_id=None, lfs=None)"]},
        "f:2")
    assert facts(record) == {"architecture": None, "model_type": "mistral", "parameters": None,
                             "chat_template_hash": None, "quant_method": "gguf",
                             "quant_bits": None}
    api_shape = record_from_hub({"id": "org/m", "siblings": [{"rfilename": "sub/M.Q8_0.GGUF"}]},
                                "f:3")
    assert api_shape.quant_method == "gguf"


def test_a_list_of_chat_templates_gives_the_default_else_the_first():
    templates = [{"name": "tool_use", "template": "tool template"},
                 {"name": "default", "template": "default template"}]
    record = record_from_hub({"id": "o/m", "config": {
        "tokenizer_config": {"chat_template": templates}}}, "f:1")
    assert record.chat_template_hash == DEFAULT_HASH
    record = record_from_hub({"id": "o/m", "config": {
        "tokenizer_config": {"chat_template": templates[:1]}}}, "f:1")
    assert record.chat_template_hash == TOOL_HASH


def test_a_gguf_only_model_takes_type_size_and_template_from_the_gguf_field():
    record = record_from_hub({"id": "o/m-GGUF", "gguf": {
        "total": 7241732096, "architecture": "llama", "context_length": 32768,
        "chat_template": "gguf template", "bos_token": "<s>"}}, "f:1")
    assert facts(record) == {"architecture": None, "model_type": "llama",
                             "parameters": 7241732096, "chat_template_hash": GGUF_HASH,
                             "quant_method": "gguf", "quant_bits": None}


def test_the_config_wins_over_the_gguf_field():
    record = record_from_hub({
        "id": "o/m", "config": {"model_type": "qwen2",
                                "tokenizer_config": {"chat_template": TEMPLATE}},
        "safetensors": {"total": 494032768},
        "gguf": {"total": 7, "architecture": "qwen2moe", "chat_template": "gguf template"}},
        "f:1")
    assert (record.model_type, record.parameters, record.chat_template_hash) == (
        "qwen2", 494032768, TEMPLATE_HASH)


def test_bitsandbytes_flags_give_the_bits():
    four = record_from_hub({"id": "o/a", "config": {"quantization_config": {
        "load_in_4bit": True, "quant_method": "bitsandbytes", "bnb_4bit_quant_type": "nf4"}}},
        "f:1")
    assert (four.quant_method, four.quant_bits) == ("bitsandbytes", 4)
    # No quant_method in the config: the tags name it.
    eight = record_from_hub({"id": "o/b", "tags": ["bitsandbytes", "8-bit"], "config": {
        "quantization_config": {"load_in_8bit": True, "load_in_4bit": False}}}, "f:1")
    assert (eight.quant_method, eight.quant_bits) == ("bitsandbytes", 8)


def test_tags_speak_only_where_the_config_is_silent():
    tagged = record_from_hub({"id": "o/a", "tags": ["awq", "gptq", "4-bit", "8-bit"]}, "f:1")
    assert (tagged.quant_method, tagged.quant_bits) == ("awq", 4)
    configured = record_from_hub({"id": "o/b", "tags": ["gptq", "4-bit"], "config": {
        "quantization_config": {"quant_method": "awq", "bits": 8}}}, "f:1")
    assert (configured.quant_method, configured.quant_bits) == ("awq", 8)


def test_absent_facts_stay_absent_on_the_record_and_the_node():
    record = record_from_hub({"id": "o/plain", "tags": ["transformers", "en"], "config": {},
                              "gguf": None, "safetensors": None, "siblings": []}, "f:1")
    assert facts(record) == dict.fromkeys(FACTS)
    props = model_properties(record)
    assert not set(FACTS) & set(props)
    assert "card_mentions" not in props and "card_mention_count" not in props


def test_unusable_values_are_rejected_as_fields_and_fractional_bits_left_out():
    record = record_from_hub({"id": "o/m", "safetensors": {"total": "many"},
                              "config": {"quantization_config": {"quant_method": "exl2",
                                                                 "bits": 4.65}}}, "f:1")
    assert record.parameters is None and record.quant_bits is None
    assert record.quant_method == "exl2"
    assert [(r.kind, r.reason) for r in record.rejects] == [
        ("field", "safetensors.total: not a number")]
    record = record_from_hub({"id": "o/m", "config": "not an object"}, "f:1")
    assert [r.reason for r in record.rejects] == ["config: not an object"]


def test_the_chat_template_fingerprint_ignores_layout_only():
    assert chat_template_hash(TEMPLATE) == TEMPLATE_HASH
    spaced = "  {% for m in messages %}\n\t{{ m.content }}   {% endfor %}\n"
    collapsed = "{% for m in messages %} {{ m.content }} {% endfor %}"
    assert chat_template_hash(spaced) == hashlib.sha256(collapsed.encode()).hexdigest()[:16]
    assert chat_template_hash(spaced) != chat_template_hash(spaced.replace("m.content", "m"))
