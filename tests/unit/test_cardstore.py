"""The card text store on its own (a real Tantivy index in a temporary folder): cards read back
by key, a card written again replaces the old one, one writer at a time, and phrase search
agrees with a brute-force scan of the stored texts."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.cypher.cardstore import CardStore, CardWriter, words
from lineage.errors import UsageError

CARDS = {
    "org/a": "Merged with org/b using mergekit. Merged with care.",
    "org/b": "Distilled from org/teacher, then merged with nothing.",
    "org/c": "Emerged without a plan; merged on Tuesday with org/a.",
    "org/long": "x" * 50 + " merged with " + "y" * 45 + " tail",
}


def scan(texts, phrase):
    """Brute force: the keys whose text holds the phrase's words consecutively (words: runs of
    letters and digits, lower-cased). Words of 40 bytes or more are not indexed: between
    indexed words they match any word in their place; a phrase left with one indexed word
    finds that word anywhere."""
    want = [w.lower() for w in re.findall(r"[^\W_]+", phrase)]
    indexed = [w for w in want if len(w.encode()) < 40]
    found = set()
    for key, text in texts.items():
        have = [w.lower() for w in re.findall(r"[^\W_]+", text)]
        if len(indexed) == 1:
            if indexed[0] in have:
                found.add(key)
            continue
        # The phrase from its first to its last indexed word.
        first = next(i for i, w in enumerate(want) if len(w.encode()) < 40)
        last = max(i for i, w in enumerate(want) if len(w.encode()) < 40)
        span = want[first:last + 1]
        for i in range(len(have) - len(span) + 1):
            if all(len(w.encode()) >= 40 or have[i + j] == w for j, w in enumerate(span)):
                found.add(key)
    return found


@pytest.fixture
def store(tmp_path):
    with CardWriter(tmp_path / "cards") as writer:
        writer.add({"key": k, "text": v, "truncated": k == "org/long"} for k, v in CARDS.items())
    return CardStore(tmp_path / "cards")


def test_cards_read_back_by_key(store):
    assert store.count() == len(CARDS)
    assert store.text("org/b") == CARDS["org/b"]
    assert store.text("org/none") is None
    assert store.texts(["org/long", "org/a", "org/none"]) == {
        "org/long": (CARDS["org/long"], True), "org/a": (CARDS["org/a"], False)}


def test_a_card_written_again_replaces_the_stored_one(store, tmp_path):
    with CardWriter(tmp_path / "cards") as writer:
        writer.add([{"key": "org/a", "text": "Now a quantized model.", "truncated": False}])
    assert store.count() == len(CARDS)
    assert store.text("org/a") == "Now a quantized model."
    assert [key for key, _, _ in store.search(words("merged with"), 10, 240)] != []
    assert "org/a" not in {key for key, _, _ in store.search(words("merged with"), 10, 240)}


def test_one_writer_at_a_time(tmp_path):
    with CardWriter(tmp_path / "cards"):
        with pytest.raises(UsageError, match="being written by another load"):
            CardWriter(tmp_path / "cards")


def test_search_is_ranked_with_a_snippet_of_the_asked_width(store):
    hits = store.search(words("merged with"), 10, 30)
    assert {key for key, _, _ in hits} == scan(CARDS, "merged with")
    scores = [score for _, score, _ in hits]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    # org/a says it twice in nine words, org/b once in eight: BM25 puts org/a before org/b.
    order = [key for key, _, _ in hits]
    assert order.index("org/a") < order.index("org/b")
    assert all(len(snippet) <= 30 and "merged" in snippet.lower() for _, _, snippet in hits)
    assert store.search(words("merged with"), 1, 30) == hits[:1]


def test_a_word_too_long_to_index_keeps_its_place(store):
    between = store.search(words("with " + "z" * 45 + " tail"), 10, 240)
    assert {key for key, _, _ in between} == {"org/long"} == scan(CARDS, "with " + "z" * 45
                                                                   + " tail")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["merged", "with", "org", "a", "b", '"', "*", "~", ":", " ",
                                 "-", "x" * 50, "MERGED", "_"]), min_size=1, max_size=6)
       .map("".join))
def test_search_agrees_with_a_scan(tmp_path_factory, text):
    folder = tmp_path_factory.getbasetemp() / "scan-store"
    if not folder.exists():
        with CardWriter(folder) as writer:
            writer.add({"key": k, "text": v, "truncated": False} for k, v in CARDS.items())
    store = CardStore(folder)
    phrase = words(text)
    found = {key for key, _, _ in store.search(phrase, 10, 240)}
    indexed = [w for w in phrase if len(w.encode()) < 40]
    assert found == (scan(CARDS, text) if indexed else set())
