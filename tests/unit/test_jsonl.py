"""JSONL snapshots: reading line by line, and writing lines that read back to the same node."""

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.errors import InputError
from lineage.loader.files import detect_format, read_file
from lineage.loader.formats.jsonl import MODEL_PROPERTIES, model_items, model_object
from lineage.loader.hubinfo import record_from_hub
from lineage.loader.ingest import Edge, model_properties
from lineage.loader.records import ModelRecord, Reject
from lineage.relations import Relation


def write_lines(path, lines):
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n"
                            for line in lines), encoding="utf-8")
    return path


def test_every_line_is_a_position_and_bad_lines_are_rejected(tmp_path):
    path = write_lines(tmp_path / "snap.jsonl", [
        {"id": "org/base", "createdAt": "2024-01-02T03:04:05.000Z", "likes": 3,
         "tags": ["license:mit", "en"]},
        "{not json",
        "",
        "[1, 2]",
        {"tags": ["base_model:org/base"]},
        {"id": "org/child", "tags": ["base_model:org/base", "base_model:adapter:org/base"]},
    ])
    items = list(read_file(path))
    records = [i for i in items if isinstance(i, ModelRecord)]
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [r.id for r in records] == ["org/base", "org/child"]
    assert [r.position for r in records] == ["snap.jsonl:line 1", "snap.jsonl:line 6"]
    assert records[0].licenses == ["mit"] and records[0].likes == 3
    assert [(p.id, p.relation) for p in records[1].parents] == [("org/base", Relation.ADAPTER)]
    assert [(r.position, r.reason.split(" (")[0]) for r in rejects] == [
        ("snap.jsonl:line 2", "not valid JSON"),
        ("snap.jsonl:line 4", "not a JSON object"),
        ("snap.jsonl:line 5", "missing model id"),
    ]
    assert all(r.kind == "row" for r in rejects)


def test_a_line_that_is_not_utf8_is_rejected_and_the_rest_read(tmp_path):
    path = tmp_path / "snap.jsonl"
    path.write_bytes(b'{"id": "a/b"}\n{"id": "\xff\xfe"}\n{"id": "c/d"}\n')
    items = list(read_file(path, "jsonl"))
    assert [getattr(i, "id", None) for i in items if isinstance(i, ModelRecord)] == ["a/b", "c/d"]
    assert [(r.position, r.reason) for r in items if isinstance(r, Reject)] == [
        ("snap.jsonl:line 2", "not valid JSON (not UTF-8)")]


def test_a_placeholder_line_gives_its_edges_and_no_record():
    items = list(model_items({"id": "x/child", "tags": ["base_model:distill:x/p",
                                                        "base_model:finetune:x/q"],
                              "lineage": {"placeholder": True}}, "f:line 3"))
    assert items == [Edge("x/p", "x/child", Relation.DERIVATIVE, "tag", "f:line 3", "distill"),
                     Edge("x/q", "x/child", Relation.FINETUNE, "tag", "f:line 3")]


def test_stated_properties_win_and_bad_ones_are_reported():
    [record] = model_items({"id": "x/m", "tags": ["license:mit"], "lineage": {
        "card": "# Card", "properties": {"licenses": ["gemma"], "author": None,
                                         "created_at": "2022-03-02T00:00:00Z",
                                         "likes": "many", "generation": 3}}}, "f:line 1")
    props = model_properties(record)
    assert props["licenses"] == ["gemma"] and "author" not in props
    assert props["created_at"] == dt.datetime(2022, 3, 2, tzinfo=dt.timezone.utc)
    assert props["has_card"] is True and props["card_length"] == 6
    assert sorted(r.reason for r in record.rejects) == [
        "lineage.properties.generation: not a property a load writes",
        "lineage.properties.likes: not a int"]


def test_detect_format_tells_snapshots_from_crawl_files(tmp_path):
    snapshot = write_lines(tmp_path / "a.txt", [{"id": "a/b", "baseModels": {
        "relation": "finetune", "models": [{"id": "c/d"}]}}])
    assert detect_format(snapshot) == "jsonl"
    long_line = write_lines(tmp_path / "b.txt", [{"id": "a/b", "lineage": {"card": "x" * 100_000}}])
    assert detect_format(long_line) == "jsonl"
    one_line_crawl = tmp_path / "c.json"
    one_line_crawl.write_text(json.dumps({"models": [{"model_id": "a/b", "metadata": "{}"}]}))
    assert detect_format(one_line_crawl) == "crawl-json"
    pretty_crawl = tmp_path / "d.json"
    pretty_crawl.write_text(json.dumps({"models": []}, indent=2))
    assert detect_format(pretty_crawl) == "crawl-json"
    other = tmp_path / "e.json"
    other.write_text('{"rows": [1, 2,\n 3]}')
    with pytest.raises(InputError, match="neither a crawl file"):
        detect_format(other)


def test_base_models_of_the_model_endpoint_are_read():
    record = record_from_hub({"id": "q/m-GGUF", "baseModels": {
        "relation": "quantized", "models": [{"_id": "1", "id": "org/base"}]}}, "f:1")
    assert [(p.id, p.relation) for p in record.parents] == [("org/base", Relation.QUANTIZATION)]


def test_written_tags_follow_the_hub_and_the_graph():
    props = {"id": "o/m", "tags": ["transformers", "base_model:O/Base",
                                   "base_model:finetune:O/Base", "license:apache-2.0",
                                   "region:us"],
             "licenses": ["apache-2.0", "mit"], "languages": ["en", "yue"],
             "datasets": ["d/x"]}
    parents = [{"id": "o/base", "type": "FINETUNE", "word": None},
               {"id": "o/other", "type": "DERIVATIVE", "word": "distill"},
               {"id": "o/third", "type": "DERIVATIVE", "word": None}]
    line = model_object(props, parents)
    assert line["tags"] == ["transformers", "base_model:o/base", "base_model:o/third",
                            "base_model:finetune:o/base", "base_model:distill:o/other",
                            "license:apache-2.0", "region:us", "license:mit", "en",
                            "dataset:d/x"]
    assert line["cardData"] == {"language": ["yue"]}
    # The stored tags differ from what the Hub keys give, so the line states them exactly.
    assert line["lineage"]["properties"]["tags"] == props["tags"]
    assert set(line["lineage"]["properties"]) == {"tags", "author"}


def test_model_facts_travel_as_hub_keys_and_what_they_cannot_say_exactly():
    card = "# Q\nQuantized from https://huggingface.co/org/base."
    props = {"id": "me/q", "architecture": "LlamaForCausalLM", "model_type": "llama",
             "parameters": 8_030_261_248, "quant_method": "gptq", "quant_bits": 4,
             "chat_template_hash": "0123456789abcdef"}
    props.update(model_properties(record_from_hub({"id": "me/q"}, "x", card=card,
                                                  card_known=True)))
    assert (props["card_mentions"], props["card_mention_count"]) == (["org/base"], 1)
    line = model_object(props, [], card)
    assert line["config"] == {"architectures": ["LlamaForCausalLM"], "model_type": "llama",
                              "quantization_config": {"quant_method": "gptq", "bits": 4}}
    assert line["safetensors"] == {"total": 8_030_261_248}
    # A fingerprint is no template: it travels exactly; the mentions come back from the card.
    assert line["lineage"]["properties"] == {"chat_template_hash": "0123456789abcdef"}
    [record] = model_items(json.loads(json.dumps(line)), "f:line 1")
    assert model_properties(record) == {k: v for k, v in props.items() if k != "id"}
    # Mentions the card text does not give back (its YAML named them) travel exactly too.
    props.update(card_mentions=["org/base", "org/yaml-only"], card_mention_count=2)
    line = model_object(props, [], card)
    assert line["lineage"]["properties"] == {
        "chat_template_hash": "0123456789abcdef",
        "card_mentions": ["org/base", "org/yaml-only"], "card_mention_count": 2}
    [record] = model_items(json.loads(json.dumps(line)), "f:line 1")
    assert model_properties(record) == {k: v for k, v in props.items() if k != "id"}


def test_a_placeholder_travels_with_its_own_parents_only():
    line = model_object({"id": "x/gone", "placeholder": True, "key": "x/gone"},
                        [{"id": "x/p", "type": "ADAPTER", "word": None}])
    assert line == {"id": "x/gone", "tags": ["base_model:x/p", "base_model:adapter:x/p"],
                    "lineage": {"placeholder": True}}


# -- every line reads back to the node it was written from -----------------------------------

# The Hub refuses ids with "..", and so does the loader.
ids = st.from_regex(r"[a-z][a-z0-9]{0,4}/[A-Za-z0-9][A-Za-z0-9._-]{0,6}", fullmatch=True
                    ).filter(lambda i: ".." not in i)
words = st.text("abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=6).filter(
    lambda w: Relation.from_word(w) is None)
# The graph never stores an empty list: a node's lists have one item or more.
text_list = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789.-:", min_size=1,
                             max_size=8), min_size=1, max_size=4, unique=True)
times = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 1, 1),
                     timezones=st.just(dt.timezone.utc))
values = {
    "author": st.text(min_size=1, max_size=8).filter(str.strip).map(str.strip),
    "created_at": times, "last_modified": times,
    "likes": st.integers(0, 10**9), "downloads": st.integers(0, 10**9),
    "trending_score": st.floats(-1e6, 1e6, allow_nan=False),
    "pipeline_tag": st.sampled_from(["text-generation", "fill-mask"]),
    "library_name": st.sampled_from(["transformers", "gguf"]),
    "private": st.booleans(), "gated": st.sampled_from(["false", "auto", "manual"]),
    "licenses": st.lists(st.sampled_from(["mit", "apache-2.0", "llama3.1", "other"]),
                         min_size=1, max_size=3, unique=True),
    "languages": st.lists(st.sampled_from(["en", "zh", "yue", "fr", "ast"]), min_size=1,
                          max_size=3, unique=True),
    "datasets": text_list, "arxiv": text_list,
    "tags": st.lists(st.sampled_from(["transformers", "en", "license:MIT", "region:us",
                                      "base_model:a/b", "base_model:finetune:a/b", "dataset:z"]),
                     min_size=1, max_size=5, unique=True),
    "synthetic": st.just(True),
    "architecture": st.sampled_from(["LlamaForCausalLM", "MistralForCausalLM"]),
    "model_type": st.sampled_from(["llama", "mistral", "gpt_neox"]),
    "parameters": st.integers(1, 10**12), "quant_bits": st.integers(1, 16),
    "chat_template_hash": st.from_regex(r"[0-9a-f]{16}", fullmatch=True),
    "quant_method": st.sampled_from(["gptq", "awq", "gguf", "bitsandbytes"]),
    "card_mentions": st.lists(ids, min_size=1, max_size=3, unique_by=str.lower),
    "card_mention_count": st.integers(0, 500),
}
node_props = st.fixed_dictionaries({}, optional=values)
cards = st.one_of(st.none(), st.text(max_size=40))
parent_edges = st.lists(st.tuples(ids, st.sampled_from(Relation.types()),
                                  st.one_of(st.none(), words)), max_size=4,
                        unique_by=lambda p: (p[0].lower(), p[1]))


def settle(edges):
    """The edges a graph keeps: an untyped edge gives way to a typed one to the same parent,
    and at most one untyped edge joins a pair."""
    typed = {p.lower() for p, t, _ in edges if t != "DERIVATIVE"}
    kept, untyped = [], set()
    for parent, kind, word in edges:
        if kind == "DERIVATIVE":
            if parent.lower() in typed or parent.lower() in untyped:
                continue
            untyped.add(parent.lower())
        kept.append({"id": parent, "type": kind,
                     "word": word if kind == "DERIVATIVE" else None})
    return kept


@settings(max_examples=300, deadline=None)
@given(ids, node_props, cards, parent_edges)
def test_a_written_line_reads_back_to_the_same_node(model_id, props, card, edges):
    props = {"id": model_id, **props}
    if card is not None:
        props.update(model_properties(ModelRecord(model_id, "x", card=card, card_known=True)))
    parents = [p for p in settle(edges) if p["id"].lower() != model_id.lower()]
    line = json.loads(json.dumps(model_object(props, parents, card)))
    [record] = model_items(line, "f:line 1")
    assert not record.rejects
    again = model_properties(record)
    assert again == {k: v for k, v in props.items() if k in MODEL_PROPERTIES}
    assert sorted((p.id, p.relation.type, p.word) for p in record.parents) == sorted(
        (p["id"], p["type"], p["word"]) for p in parents)
