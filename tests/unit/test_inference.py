"""Suggested parents, pure: candidates, features, the scorer and the evaluation's figures,
each checked by hand or from scratch (networkx for descent, a loop over every pair for the
figures)."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from lineage.analytics.inference.candidates import MENTIONS, CandidateIndex
from lineage.analytics.inference.evaluation import evaluate, hide
from lineage.analytics.inference.features import FEATURES, Profiles, evidence, features
from lineage.analytics.inference.scorer import Signals, learn, pick, score
from lineage.errors import UsageError
from tests.inference_models import model, population

DAY = 86_400_000


def _found(pop, child_id):
    index = CandidateIndex(pop)
    found = index.find(np.array([pop.index[child_id.lower()]]))
    return {pop.keys[p]: i for i, p in enumerate(found.parent)}, found


def _row(pop, found, where):
    table = features(pop, found, Profiles(pop))
    return dict(zip(FEATURES, table[where], strict=True))


def test_a_derived_name_finds_its_parent_and_the_longest_name_stands_first():
    pop = population(
        [model("meta/Llama-3-8B"), model("meta/Llama-3-8B-Instruct"),
         model("bob/Llama-3-8B-Instruct-GGUF", quant_method="gguf")],
        [("meta/Llama-3-8B", "meta/Llama-3-8B-Instruct", "finetune")])
    found, table = _found(pop, "bob/Llama-3-8B-Instruct-GGUF")
    assert set(found) == {"meta/llama-3-8b", "meta/llama-3-8b-instruct"}
    instruct = _row(pop, table, found["meta/llama-3-8b-instruct"])
    base = _row(pop, table, found["meta/llama-3-8b"])
    # 4 of the child's 5 tokens, then 3 of 5; only the longer is the longest.
    assert instruct["name_coverage"] == pytest.approx(4 / 5)
    assert base["name_coverage"] == pytest.approx(3 / 5)
    assert (instruct["longest_name"], base["longest_name"]) == (1.0, 0.0)
    assert base["name_behind"] == pytest.approx(1 / 5)
    assert instruct["child_named_quantization"] == 1.0 and instruct["child_quantized"] == 1.0


def test_facts_compare_as_same_different_or_unknown():
    pop = population(
        [model("a/Base", architecture="LlamaForCausalLM", parameters=8_030_261_248,
               chat_template_hash="ab12", created_at="2024-04-18T00:00:00Z", author="a"),
         model("b/Base-tuned", architecture="LlamaForCausalLM", parameters=8_030_261_248,
               chat_template_hash="cd34", created_at="2024-05-18T00:00:00Z", author="b"),
         model("c/Base-other", architecture="MistralForCausalLM")],
        [])
    found, table = _found(pop, "b/Base-tuned")
    row = _row(pop, table, found["a/base"])
    assert row["same_architecture"] == 1.0 and row["same_parameters"] == 1.0
    assert row["same_chat_template"] == -1.0
    assert row["created_order"] == 1.0
    assert row["created_gap"] == pytest.approx(math.log1p(30))  # 30 days later
    assert row["same_author"] == 0.0
    assert row["same_model_type"] == 0.0  # neither states it: unknown, not "different"
    words = evidence(features(pop, table, Profiles(pop))[found["a/base"]])
    assert words[:2] == ["name derived from the parent's",
                         "same architecture and parameter count"]
    assert "created after it" in words


def test_missing_creation_times_are_unknown_not_a_reason_to_drop_a_candidate():
    pop = population([model("a/Base", architecture="X", parameters=7e9),
                      model("b/Other", architecture="X", parameters=7e9,
                            created_at="2024-01-01T00:00:00Z")], [])
    found, table = _found(pop, "b/Other")
    assert "a/base" in found  # by fingerprint, though a's time is unknown
    row = _row(pop, table, found["a/base"])
    assert (row["created_order"], row["created_gap"], row["by_fingerprint"]) == (0.0, 0.0, 1.0)


def test_card_mentions_resolve_whatever_the_case_and_a_card_naming_itself_is_no_evidence():
    pop = population(
        [model("Org/Parent"), model("x/child", card_mentions=["ORG/PARENT", "x/Child"],
                                    card_mention_count=2)], [])
    assert [pop.keys[j] for j in pop.mentions_of(pop.index["x/child"])] == ["org/parent"]
    found, table = _found(pop, "x/child")
    assert set(found) == {"org/parent"}
    row = _row(pop, table, found["org/parent"])
    assert (row["mentioned"], row["mention_first"], row["mention_share"]) == (1.0, 1.0, 0.5)


def test_a_card_mentioning_hundreds_of_models_weighs_little_and_is_read_only_in_part():
    names = [f"m/model-{i}" for i in range(300)]
    pop = population([model(n) for n in names]
                     + [model("x/list", card_mentions=names[:50], card_mention_count=300)], [])
    found, table = _found(pop, "x/list")
    assert len(found) == MENTIONS
    assert set(found) == {n.lower() for n in names[:MENTIONS]}
    assert _row(pop, table, found["m/model-0"])["mention_share"] == pytest.approx(1 / 300)


def test_a_model_with_no_candidate_gets_nothing():
    pop = population([model("a/Alpha"), model("b/Beta")], [])
    found, table = _found(pop, "b/Beta")
    assert found == {} and len(table) == 0


def test_descendants_are_never_candidates():
    # Every model is named like every other, so only the descent rule keeps candidates out;
    # networkx says which are descendants.
    ids = ["r/Foo", "s/Foo", "t/Foo-x", "u/Foo-x-y", "v/Foo-z"]
    edges = [("r/Foo", "s/Foo", "finetune"), ("s/Foo", "t/Foo-x", "finetune"),
             ("t/Foo-x", "u/Foo-x-y", "adapter")]
    pop = population([model(i) for i in ids], edges)
    index = CandidateIndex(pop)
    found = index.find(np.arange(len(pop)))
    declared = nx.DiGraph([(p.lower(), c.lower()) for p, c, _ in edges])
    declared.add_nodes_from(i.lower() for i in ids)
    for child, parent in zip(found.child, found.parent, strict=True):
        child_key, parent_key = pop.keys[child], pop.keys[parent]
        assert parent_key != child_key
        assert parent_key not in nx.descendants(declared, child_key)
    assert "s/foo" in {pop.keys[p] for c, p in zip(found.child, found.parent, strict=True)
                       if pop.keys[c] == "v/foo-z"}


def test_sibling_likeness_is_the_mean_log_ratio_worked_by_hand():
    # Parent p has 4 children; 3 carry tag "art", 1 carries "law". The child q carries "art".
    # The tag's frequency among all 6 models: art on 4 (three kids and q), +1 over n + 1 = 7.
    kids = [model(f"k/kid{i}", tags=["art"]) for i in range(3)] + [
        model("k/kid3", tags=["law"])]
    pop = population([model("p/P"), *kids, model("q/Q", tags=["art"])],
                     [("p/P", k["id"], "finetune") for k in kids])
    profiles = Profiles(pop)
    got = profiles.likeness(np.array([pop.index["q/q"]]), np.array([pop.index["p/p"]]),
                            np.array([4.0]))
    expected = math.log((3 + 0.5) / (4 + 1.0)) - math.log((4 + 1) / 7)
    assert got[0] == pytest.approx(expected, rel=1e-5)  # counts are float32


def test_declarations_in_tags_are_never_read():
    pop = population([model("a/A", tags=["base_model:finetune:b/B", "en"])], [])
    assert list(pop.tag_names) == ["en"]


def _synthetic_world(children_per_base=12):
    """Bases with children named after them (and a few unnamed ones), all declared."""
    models, edges = [], []
    for b in range(8):
        base = f"org{b}/Base{b}-7B"
        models.append(model(base, author=f"org{b}", tags=[f"family{b}"],
                            created_at=f"2023-0{b % 9 + 1}-01T00:00:00Z"))
        for k in range(children_per_base):
            name = f"user{k}/Base{b}-7B-tuned{k}" if k % 4 else f"user{k}/thing{b}x{k}"
            models.append(model(name, author=f"user{k}", tags=[f"family{b}", "x"],
                                created_at=f"2024-0{b % 9 + 1}-02T00:00:00Z"))
            edges.append((base, name, "finetune" if k % 3 else "adapter"))
    return population(models, edges)


def test_the_evaluation_figures_equal_a_count_over_every_pair():
    pop = _synthetic_world()
    result = evaluate(pop, 0.3, seed=4, min_confidence=0.5)
    truth = {}
    for i in range(len(pop)):
        for p in pop.parents_of(i):
            truth.setdefault(pop.keys[i], set()).add(pop.keys[p])
    hidden = set(result.children["child"])
    pairs = result.pairs
    best = {}
    for row in pairs.itertuples():
        child = result.keys[row.child]
        if child not in best or row.confidence > best[child][1]:
            best[child] = (result.keys[row.parent], row.confidence)
    top1 = sum(best.get(c, (None,))[0] in truth[c] for c in hidden) / len(hidden)
    assert result.summary()["top1"][0] == pytest.approx(top1)
    at = result.thresholds[(result.thresholds.world == "all")
                           & (result.thresholds.min_confidence == 0.5)].iloc[0]
    # Nothing is named a merge here, so a suggestion is a child's best pair above 0.5.
    suggested = [(c, p) for c, (p, conf) in best.items() if conf >= 0.5]
    right = sum(p in truth[c] for c, p in suggested)
    assert at["suggestions"] == len(suggested) and at["right"] == right
    assert at["recall"] == pytest.approx(right / sum(len(truth[c]) for c in hidden))
    assert result.hidden_edges == sum(len(truth[c]) for c in hidden)
    assert result.calibration["suggestions"].sum() == len(best)


def test_hiding_draws_edges_and_hides_their_children_whole():
    pop = _synthetic_world()
    hidden = hide(pop, 0.3, seed=1)
    edges = int(np.diff(pop.parent_ptr).sum())
    assert len(hidden) == round(0.3 * edges)  # one parent each here
    visible = pop.without_edges(hidden)
    assert not visible.declared[hidden].any()
    assert int(visible.declared.sum()) == int(pop.declared.sum()) - len(hidden)
    with pytest.raises(UsageError, match="between 0 and 1"):
        hide(pop, 1.0, seed=1)


def test_the_scorer_recovers_named_parents_and_a_suggestion_respects_the_threshold():
    pop = _synthetic_world()
    hidden = hide(pop, 0.3, seed=2)
    visible = pop.without_edges(hidden)
    index, profiles = CandidateIndex(visible), Profiles(visible)
    scored = score(visible, index, profiles, learn(visible, index, profiles, seed=2), hidden)
    chosen = pick(scored, 0.5)
    assert (scored.confidence[chosen] >= 0.5).all()
    assert set(scored.rank[chosen]) <= {0}
    named = [i for i in hidden if "tuned" in pop.keys[i]]
    best = {int(c): int(p) for c, p, r in zip(scored.found.child, scored.found.parent,
                                               scored.rank, strict=True) if r == 0}
    right = sum(best.get(i) in set(pop.parents_of(i).tolist()) for i in named)
    assert right == len(named)  # the name says it, every time


def test_an_unknown_signal_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown signal 'names'"):
        Signals(frozenset({"names"}))


def test_learning_without_declared_edges_says_what_to_do():
    pop = population([model("a/A"), model("b/A-x")], [])
    index = CandidateIndex(pop)
    with pytest.raises(UsageError, match="nothing to learn from"):
        learn(pop, index, Profiles(pop))
