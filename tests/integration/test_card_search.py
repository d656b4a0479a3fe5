"""Card search against the real card text store, and cards at the edges (empty, only front
matter, not UTF-8, over the size limit) loaded and counted."""

import json
import re
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.analytics.reads.search import LUCENE_SYNTAX, search_cards
from lineage.cypher import cardstore
from lineage.errors import UsageError
from tests.integration.test_bad_input import HEADER, dataset_row, load, model, run_cli
from tests.stored import stored_cards

CARDS = {
    "org/merged": "# Merged\nThis model was merged with org/other using mergekit.",
    "org/distilled": "---\nlicense: mit\n---\n# Small\nDistilled from org/teacher-7b on web text.",
    "org/emerged": "# Emerged\nSomething emerged without a plan.",
    "org/both": "Merged with care. Also distilled from a larger model, then merged with more.",
    "org/version": "Trained with gpt-2 v1.5 weights (see: the paper).",
    "org/front-only": "---\nlicense: apache-2.0\ntags:\n- merged with\n---\n",
    "org/empty": "",
    "org/blank": "  \n\t ",
}


def words(text):
    """Runs of letters and digits (an underscore separates words), lower-cased."""
    return re.findall(r"[^\W_]+", text.lower())


def contains_phrase(text, phrase):
    """Brute force: the phrase's words appear consecutively among the card's words."""
    have, want = words(text), words(phrase)
    return any(have[i:i + len(want)] == want for i in range(len(have) - len(want) + 1))


@pytest.fixture
def cards(graph, cli_env, capsys, tmp_path):
    path = tmp_path / "cards.csv"
    path.write_text(HEADER + "\n" + "\n".join(dataset_row(k, card=v) for k, v in CARDS.items())
                    + "\n")
    code, err, rejects = load(capsys, tmp_path, path)
    assert code == 0 and rejects == [], err
    return graph


@pytest.mark.parametrize("phrase", ["merged with", "MERGED WITH", "distilled from",
                                    "org/teacher-7b", "gpt-2 v1.5", "license"])
def test_a_phrase_finds_exactly_the_cards_holding_its_words_in_order(cards, phrase):
    found = {row["id"] for row in search_cards(cards, phrase)}
    expected = {k for k, v in CARDS.items() if v.strip() and contains_phrase(v, phrase)}
    assert expected and found == expected


def test_results_are_ranked_with_a_snippet_around_the_phrase(cards):
    rows = search_cards(cards, "merged with")
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    snippets = {row["id"]: row["snippet"] for row in rows}
    assert "merged with org/other" in snippets["org/merged"]
    assert "\n" not in snippets["org/front-only"]
    assert search_cards(cards, "merged with", limit=1) == rows[:1]


def test_a_long_card_gives_a_snippet_of_the_asked_width_at_the_phrase(graph, cli_env, capsys,
                                                                       tmp_path):
    card = "filler words here " * 500 + "distilled from the teacher" + " more text" * 500
    path = tmp_path / "long.csv"
    path.write_text(HEADER + "\n" + dataset_row("org/long", card=card) + "\n")
    assert load(capsys, tmp_path, path)[0] == 0
    [row] = search_cards(graph, "distilled from", width=60)
    assert len(row["snippet"]) <= 60 and "distilled from" in row["snippet"]


@pytest.mark.parametrize("text", ['"', "*", "*:*", "text:merged", "merged~", 'merged" OR "x',
                                  "merged AND NOT with", "(merged", "[a TO z]", "\\", "/.*/",
                                  "merged^10 with", "?erged", "&& ||", "-merged +with", "!"])
def test_lucene_syntax_is_searched_as_text_never_an_error_or_a_query(cards, text):
    found = {row["id"] for row in search_cards(cards, text)}
    assert found == {k for k, v in CARDS.items()
                     if v.strip() and words(text) and contains_phrase(v, text)}


def test_random_text_never_fails_and_never_matches_more_than_its_words(cards):
    alphabet = st.sampled_from(sorted(LUCENE_SYNTAX) + [" ", "merged", "with", "from", "x"])

    @settings(max_examples=60, deadline=None)
    @given(st.lists(alphabet, min_size=1, max_size=8).map("".join))
    def check(text):
        if not text.strip():
            return
        found = {row["id"] for row in search_cards(cards, text)}
        assert found == {k for k, v in CARDS.items()
                         if v.strip() and words(text) and contains_phrase(v, text)}

    check()


def test_the_search_command_and_its_misuse(cards, capsys):
    code, out, err = run_cli(capsys, "search", "--cards", "distilled from", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert {r["id"] for r in rows} == {"org/distilled", "org/both"}
    assert {"id", "score", "snippet"} <= set(rows[0])
    code, out, err = run_cli(capsys, "search", "--cards", "  ")
    assert code == 2 and "give words to look for" in err
    with pytest.raises(UsageError):
        search_cards(cards, "x", limit=0)


def test_edge_cards_are_stored_or_left_out_and_counted(cards):
    assert model(cards, "org/empty")["has_card"] is False
    assert model(cards, "org/blank")["has_card"] is False
    front = model(cards, "org/front-only")
    assert front["has_card"] is True and front["card_length"] == len(CARDS["org/front-only"])
    stored = {key: text for key, (text, _) in stored_cards(cards).items()}
    assert stored == {k: v for k, v in CARDS.items() if v.strip()}
    counted = cards.adhoc("MATCH (s:Snapshot) RETURN s.cards AS n").rows
    assert counted == [{"n": len(stored)}]


def test_clearing_the_graph_deletes_its_card_store(cards, capsys):
    folder = cardstore.store_folder(cards, cardstore.store_id(cards))
    assert (folder / "meta.json").exists()
    code, out, err = run_cli(capsys, "db", "clear", "--yes")
    assert code == 0, err
    assert not folder.exists() and cardstore.store_id(cards) is None
    assert search_cards(cards, "merged with") == []


def test_a_card_store_missing_here_is_named_with_the_fix(cards, capsys):
    folder = cardstore.store_folder(cards, cardstore.store_id(cards))
    shutil.rmtree(folder)
    code, out, err = run_cli(capsys, "search", "--cards", "merged with")
    assert code == 2 and str(folder) in err and "LINEAGE_HOME" in err
    assert len(err.strip().splitlines()) == 1
