"""The other Hub models a card names: links, markdown link texts and mergekit lines in the
body, the card's YAML without the declared base model; each once, the model itself left out,
the first 50 kept with the count of all."""

from __future__ import annotations

import pyarrow as pa

from lineage.loader.cardmentions import (
    MENTION_LIMIT,
    card_mentions,
    card_references,
    reference_column,
)
from lineage.loader.hubinfo import record_from_hub
from lineage.loader.ingest import model_properties


def test_one_model_linked_in_two_cases_is_kept_once_in_its_first_spelling():
    card = ("Built on [Meta-Llama/Llama-3-8B](https://huggingface.co/Meta-Llama/Llama-3-8B).\n"
            "See also https://huggingface.co/meta-llama/llama-3-8b/tree/main for the weights.")
    assert card_mentions("me/m", card) == (["Meta-Llama/Llama-3-8B"], 1)


def test_the_model_itself_is_not_a_mention():
    card = ("Download from https://huggingface.co/Me/Model/resolve/main/model.gguf, "
            "made from https://hf.co/org/base.")
    assert card_mentions("me/model", card) == (["org/base"], 1)


def test_a_card_naming_hundreds_of_models_keeps_fifty_and_counts_all():
    card = "\n".join(f"* [org/m{i}](https://huggingface.co/org/m{i})" for i in range(300))
    found, count = card_mentions("me/list", card)
    assert count == 300
    assert len(found) == MENTION_LIMIT == 50
    assert found == [f"org/m{i}" for i in range(50)]


def test_the_front_matter_base_model_is_hidden_and_a_mergekit_config_is_read():
    card = """---
base_model:
- org/declared-a
- https://huggingface.co/org/declared-b
base_model_relation: merge
license: apache-2.0
license_link: https://huggingface.co/org/licensor/blob/main/LICENSE
---
# A merge

### Configuration

```yaml
models:
  - model: org/first
    parameters:
      weight: 0.5
  - model: "org/second+org/lora"   # with a LoRA
merge_method: slerp
base_model: org/declared-a
dtype: bfloat16
```
"""
    assert card_references(card) == ["org/licensor", "org/first", "org/second",
                                     "org/declared-a"]


def test_only_model_pages_count():
    card = """Trained on [org/data](https://huggingface.co/datasets/org/data) and
https://huggingface.co/datasets/org/other, demo at https://huggingface.co/spaces/org/demo,
docs https://huggingface.co/docs/transformers/index, paper https://huggingface.co/papers/2401.1,
by https://huggingface.co/org and https://huggingface.co/collections/org/set-123,
from <https://huggingface.co/org/real#usage> and "https://huggingface.co/org/quoted"?
not https://nothuggingface.co/org/fake, nor myhf.co/org/fake2, but www.huggingface.co/Org/www.
"""
    assert card_references(card) == ["org/real", "org/quoted", "Org/www"]


def test_a_link_stops_where_the_id_does():
    card = ('[x](https://huggingface.co/org/a-b.c_d?download=true) '
            '(https://huggingface.co/org/in-brackets) "https://huggingface.co/org/q"\n'
            "end of sentence: https://huggingface.co/org/last.")
    assert card_references(card) == ["org/a-b.c_d", "org/in-brackets", "org/q", "org/last"]


def test_the_hub_objects_card_yaml_is_read_without_its_declarations():
    info = {"id": "me/ft", "cardData": {
        "base_model": "org/declared", "base_model_relation": "finetune",
        "license_link": "https://huggingface.co/org/licensor/blob/main/LICENSE",
        "merge": {"models": [{"model": "org/merged-in"}]}}}
    record = record_from_hub(info, "f:1")
    assert (record.card_mentions, record.card_mention_count) == (
        ["org/licensor", "org/merged-in"], 2)
    # Without the text, YAML naming nothing states nothing; with the text it states 0.
    quiet = {"id": "me/ft", "cardData": {"base_model": "org/declared", "license": "mit"}}
    assert record_from_hub(quiet, "f:1").card_mention_count is None
    carded = record_from_hub(quiet, "f:1", card="# Plain card", card_known=True)
    assert (carded.card_mentions, carded.card_mention_count) == ([], 0)
    props = model_properties(carded)
    assert props["card_mention_count"] == 0 and "card_mentions" not in props


def test_the_prefiltered_column_finds_what_each_card_gives():
    cards = ["---\nbase_model: org/p\n---\nNo mention.",
             "---\nbase_model: org/p\n---\n- model: org/q",
             "See HTTPS://HuggingFace.co/Org/Upper for more.",
             "Only prose, no links.", "", None,
             "[org/a](https://hf.co/org/b) then model: org/x\nmodel: org/c"]
    expected = [card_references(text) if text else [] for text in cards]
    assert reference_column(pa.array(cards, pa.string()), cards) == expected
    assert expected == [[], ["org/q"], ["Org/Upper"], [], [], [], ["org/a", "org/b", "org/c"]]
