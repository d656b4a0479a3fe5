"""The published dataset's model facts: quantization from its tags, mentions from its cards."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

from lineage.loader.files import read_file
from lineage.loader.ingest import model_properties
from lineage.loader.records import ModelRecord

CARD = """---
base_model: org/base
---
Quantized from [org/base](https://huggingface.co/org/base) and https://huggingface.co/ORG/Base,
compare https://huggingface.co/other/model and https://huggingface.co/me/q (this one).
"""


def write(path, rows, card_type=pa.string()):
    columns = {
        "model_id": [r[0] for r in rows],
        "tags": [r[1] for r in rows],
        "createdAt": ["2024-01-02 03:04:05+00:00"] * len(rows),
        "parent_model": ["[]"] * len(rows), "finetune_parent": ["[]"] * len(rows),
        "modelCard": pa.array([r[2] for r in rows], card_type),
    }
    pq.write_table(pa.table(columns), path)
    return path


def records(path):
    return {item.id: item for item in read_file(path) if isinstance(item, ModelRecord)}


def test_tags_give_the_quantization_and_cards_the_mentions(tmp_path):
    path = write(tmp_path / "eco.parquet", [
        ("me/q", "['gguf', '4-bit', 'gptq', 'base_model:quantized:org/base']", CARD),
        ("me/b", "['transformers', 'bitsandbytes', '8-bit']", "No mention here."),
        ("me/plain", "['transformers']", None),
        ("me/bits", "['4-bit']", "   "),
    ])
    got = records(path)
    q, b, plain, bits = got["me/q"], got["me/b"], got["me/plain"], got["me/bits"]
    assert (q.quant_method, q.quant_bits) == ("gguf", 4)
    assert (q.card_mentions, q.card_mention_count) == (["org/base", "other/model"], 2)
    assert (b.quant_method, b.quant_bits) == ("bitsandbytes", 8)
    assert (b.card_mentions, b.card_mention_count) == ([], 0)
    assert (plain.quant_method, plain.quant_bits, plain.card_mention_count) == (None, None, None)
    assert (bits.quant_method, bits.quant_bits, bits.card_mention_count) == (None, 4, None)
    # The dataset has no config: architecture, type, size and template stay absent.
    props = model_properties(q)
    assert {k: props.get(k) for k in ("architecture", "model_type", "parameters",
                                      "chat_template_hash", "quant_method", "quant_bits",
                                      "card_mentions", "card_mention_count")} == {
        "architecture": None, "model_type": None, "parameters": None,
        "chat_template_hash": None, "quant_method": "gguf", "quant_bits": 4,
        "card_mentions": ["org/base", "other/model"], "card_mention_count": 2}
    assert "card_mentions" not in model_properties(b)


def test_a_card_that_is_not_utf8_costs_its_row_only(tmp_path):
    path = write(tmp_path / "bytes.parquet", [
        ("me/bad", "[]", b"\xff\xfe not text https://huggingface.co/org/x"),
        ("me/good", "[]", CARD.replace("me/q", "me/good").encode()),
    ], card_type=pa.binary())
    got = records(path)
    assert got["me/bad"].card_mention_count is None
    assert [r.reason for r in got["me/bad"].rejects] == ["modelCard: not UTF-8 text"]
    assert got["me/good"].card_mentions == ["org/base", "other/model"]
