"""`lineage analyze` on a real Neo4j: a synthetic ecosystem with planted truth (the figures come
back as planted), tiny literal graphs for the edge cases, the stored Analysis nodes and bad
input."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.stats import kendalltau

from lineage.analytics.jobs import analyses
from lineage.analytics.replication.figures import published_ordering
from lineage.loader.synthetic import draw, load_synthetic
from lineage.loader.synthetic.inheritance import NONE
from lineage.loader.synthetic.recipe import FT
from lineage.loader.synthetic.truth import read_truth
from lineage.ui.cli import main

MODELS, SEED = 3_000, 11


def run_cli(capsys, *args):
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    captured = capsys.readouterr()
    return exit_.value.code, captured.out, captured.err


def planted_finetune_rate(models: int, seed: int, trait: str) -> float:
    """The share of written finetune edges whose parent and child both carry the trait and
    carry different values, straight from the generator's arrays (single-valued traits)."""
    eco, _ = draw(models, seed)
    lineage = eco.lineage
    values = getattr(eco.traits, trait)
    child = np.flatnonzero((lineage.parent >= 0) & (lineage.relation == FT)
                           & ~lineage.missing & ~lineage.self_reference)
    parent = lineage.parent[child]
    keep = ~lineage.missing[parent] & (values[parent] != NONE) & (values[child] != NONE)
    return float(np.mean(values[parent[keep]] != values[child[keep]]))


def test_analyze_all_on_a_synthetic_ecosystem_recovers_the_planted_figures(
        graph, cli_env, capsys, tmp_path):
    kept = tmp_path / "eco.parquet"
    load_synthetic(graph, MODELS, SEED, rejects_path=tmp_path / "rejects.jsonl", keep=kept)
    report = tmp_path / "report.html"
    code, _, err = run_cli(capsys, "analyze", "all", "--truth", str(kept), "-o", str(report))
    assert code == 0, err
    text = report.read_text()
    assert text.startswith("<!doctype html>") and "<svg" in text and "http" not in text.split(
        "<svg")[0].split("<style>")[0][40:]
    assert "Replication report" in text and "agrees" in text

    result = analyses.latest(graph, "all")
    tables = result["tables"]

    rates = {(r["trait"], r["scope"]): r for r in tables["mutation.mutation"]}
    for trait in ("license", "task", "library"):
        planted = planted_finetune_rate(MODELS, SEED, trait)
        assert rates[(trait, "finetune")]["rate"] == pytest.approx(planted, abs=0.01), trait

    means = {(r["text"], r["kind"], r["measure"]): r["mean"]
             for r in tables["similarity.similarity"]}
    for text in ("metadata", "card"):
        for measure in ("levenshtein", "tfidf", "bag_of_words"):
            siblings = means[(text, "siblings", measure)]
            parent_child = means[(text, "parent–child", measure)]
            random_pair = means[(text, "random pair", measure)]
            assert siblings > parent_child > random_pair, (text, measure)

    race = {r["regressor"]: r for r in tables["race.race"] if "downloads" in r["outcome"]}
    realised = read_truth(kept)["race_to_release"]["realised"]
    for regressor, planted, which in (("log(rank)", -0.3, "rank_slope"),
                                      ("log(1 + crowding)", -0.2, "crowding_slope")):
        row = race[regressor]
        assert row["coefficient"] < 0 and row["low"] <= planted <= row["high"]
        assert row["low"] <= realised[which] <= row["high"]
        assert 1 <= row["effective_parents"] <= row["parents"]
    # Through the graph, the orderings agree with the stretch of each planted ordering the
    # generator's moves carry (scipy's tau, over the values both hold).
    carried = read_truth(kept)["drift"]
    for r in tables["drift.orderings"]:
        planted = published_ordering(r["trait"], tuple(carried[r["trait"]]["recoverable"]))
        common = [value for value in r["ordering"] if value in planted]
        if len(common) >= 3 and r["weighted"]:
            tau = kendalltau(range(len(common)), [planted.index(v) for v in common]).statistic
            assert tau >= 0.9, (r["trait"], common)
    verdicts = {r["figure"]: r["verdict"] for r in tables["replication"]}
    assert verdicts["task: finetune edges"] in ("agrees", "differs")
    assert any(r["planted"] is not None for r in tables["replication"])
    orderings = [r for r in tables["drift.orderings"] if r["trait"] == "task"]
    assert {r["weighted"] for r in orderings} == {True, False}
    assert "disruption.distribution" not in tables
    assert any("run `lineage compute` first" in note for note in result["notes"])


@pytest.mark.parametrize("seed", (12, 13))
def test_on_other_seeds_kin_similarity_keeps_the_papers_order_and_mutation_the_planted_rates(
        graph, tmp_path, seed):
    _, generated = load_synthetic(graph, MODELS, seed, rejects_path=tmp_path / "rejects.jsonl")
    # The order of the means is what is checked: fewer pairs and resamples than a report's.
    similarity = analyses.similarity_analysis(
        analyses.Inputs(graph), seed, pairs={"metadata": 300, "card": 300},
        resamples=200).tables["similarity"]
    means = {(r["text"], r["kind"], r["measure"]): r["mean"] for r in similarity}
    for text in ("metadata", "card"):
        for measure in ("levenshtein", "tfidf", "bag_of_words"):
            siblings = means[(text, "siblings", measure)]
            parent_child = means[(text, "parent–child", measure)]
            assert siblings > parent_child > means[(text, "random pair", measure)], (
                text, measure)
    planted = generated.truth["mutation"]["planted"]
    rates = {(r["trait"], r["scope"]): r["rate"]
             for r in analyses.run(graph, "mutation").tables["mutation"]}
    for trait in ("license", "language", "task", "library"):
        for scope in ("all edges", "finetune"):
            assert rates[(trait, scope)] == pytest.approx(planted[trait][scope], abs=0.01), (
                trait, scope)


def write(graph, *statements):
    """Write literal test data (the graph's write path for our own statements)."""
    graph.run_statements("test/literal", statements)


def literal_graph(graph, with_traits=True, cards=True):
    """p -> a, p -> b (finetune), a -> c (adapter); licences on p, a (a list literal) and c."""
    licences = {"p": "['mit']", "a": "[\"['mit', 'apache-2.0']\"]", "b": "null",
                "c": "['gpl-3.0']"}
    for key, month, downloads in (("p", 1, 100), ("a", 2, 50), ("b", 3, 20), ("c", 4, 5)):
        write(graph, f"""CREATE (:Model {{key: 'org/{key}', id: 'org/{key}', likes: 1,
            created_at: datetime('2024-0{month}-01T00:00:00Z'), downloads: {downloads},
            licenses: {licences[key] if with_traits else 'null'},
            has_card: {'true' if cards else 'false'}, card_length: 600,
            card_autogenerated: false, card_excerpt: 'org/{key} card text', family: 'org/p'}})""")
    write(graph, """MATCH (p:Model {key: 'org/p'}), (a:Model {key: 'org/a'}),
        (b:Model {key: 'org/b'}), (c:Model {key: 'org/c'})
        CREATE (p)-[:FINETUNE]->(a), (p)-[:FINETUNE]->(b), (a)-[:ADAPTER]->(c)""")


def test_mutation_on_a_literal_graph_counts_list_literals_and_an_unlisted_trait(graph):
    literal_graph(graph)
    result = analyses.run(graph, "mutation", traits=["license", "language"])
    rows = {(r["trait"], r["scope"]): r for r in result.tables["mutation"]}
    # p -> a: {mit} vs {mit, apache-2.0}: 1 - 1/2; a -> c: 1 - 0/3; p -> b: b lists none.
    assert rows[("license", "all edges")]["edges"] == 2
    assert rows[("license", "all edges")]["rate"] == pytest.approx((0.5 + 1.0) / 2)
    assert rows[("license", "finetune")]["rate"] == pytest.approx(0.5)
    assert rows[("language", "all edges")]["edges"] == 0
    assert any("no model lists a language" in n for n in result.notes)
    assert any("1 values were list literals" in n for n in result.notes)


def test_one_model_and_a_family_without_cards_give_empty_results_that_say_why(graph):
    write(graph, "CREATE (:Model {key: 'solo/one', id: 'solo/one', family: 'solo/one'})")
    for name in ("similarity", "drift", "documentation", "race", "disruption"):
        result = analyses.run(graph, name, family_model="solo/one")
        assert result.notes, name
    literal_graph(graph, cards=False)
    result = analyses.run(graph, "similarity", family_model="org/a", seed=1)
    assert any("no model has a card" in note for note in result.notes)
    kinds = {r["kind"] for r in result.tables["similarity"] if r["text"] == "metadata"}
    assert kinds == {"random pair", "parent–child", "siblings", "grandparent–grandchild",
                     "aunt/uncle–niece/nephew"}


def test_disruption_reads_the_stored_index(graph):
    literal_graph(graph)
    for key, mdi, n_i, n_j, generation in (("a", -0.5, 1, 5, 1), ("b", 0.25, 4, 2, 1),
                                           ("c", -1.0, 0, 2, 2)):
        write(graph, f"""MATCH (m:Model {{key: 'org/{key}'}}) SET m.mdi = {mdi},
            m.mdi_n_i = {n_i}, m.mdi_n_j = {n_j}, m.mdi_n_k = 0, m.family_size = 4,
            m.generation = {generation}""")
    result = analyses.run(graph, "disruption")
    (row,) = result.tables["distribution"]
    assert row["models"] == 3 and row["negative"] == pytest.approx(2 / 3)
    assert row["median"] == pytest.approx(-0.5)
    shares = {(r["by"], r["group"]): r["negative"] for r in result.tables["share_negative"]}
    assert shares[("generation", "1")] == 0.5 and shares[("generation", "2")] == 1.0
    assert shares[("relation", "adapter")] == 1.0
    calm = {(r["by"], r["group"]): r["not_disruptive"] for r in result.tables["share_negative"]}
    assert calm[("generation", "1")] == 0.5 and calm[("generation", "2")] == 1.0
    top = [(r["side"], r["model"]) for r in result.tables["top"]]
    assert top == [("disruptive", "org/b"), ("disruptive", "org/a"),
                   ("consolidating", "org/a"), ("consolidating", "org/b")]
    assert any("mdi_lineage: not defined" in n for n in result.notes)


def test_the_stored_result_is_what_the_json_format_prints(graph, cli_env, capsys):
    literal_graph(graph)
    code, out, err = run_cli(capsys, "analyze", "drift", "--format", "json", "--seed", "3")
    assert code == 0, err
    stored = graph.run("analysis/latest", analysis="drift")[0]
    assert stored["result"] == out and json.loads(stored["parameters"])["seed"] == 3
    code, out, _ = run_cli(capsys, "analyze", "documentation", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "table,figure,value"


def test_bad_input_is_a_usage_error_listing_the_valid_ones(graph, cli_env, capsys):
    code, _, err = run_cli(capsys, "analyze", "kinship")
    assert code == 2 and "use one of similarity, mutation, drift" in err
    code, _, err = run_cli(capsys, "analyze", "drift", "--trait", "colour")
    assert code == 2 and "use one of license, language, task, library" in err
    code, _, err = run_cli(capsys, "analyze", "drift", "--relation", "fork")
    assert code == 2 and "unknown relation 'fork'" in err
    write(graph, "CREATE (:Model {key: 'org/x', id: 'org/x'})")
    code, _, err = run_cli(capsys, "analyze", "mutation", "--family", "org/x")
    assert code == 2 and "run `lineage compute` first" in err
    code, _, err = run_cli(capsys, "analyze", "mutation", "--family", "org/nothing")
    assert code == 2 and "no model 'org/nothing'" in err


def test_every_analysis_runs_on_the_real_crawled_families(graph, crawls, tmp_path):
    from lineage.loader.files import load_files

    load_files(graph, sorted(crawls.glob("*.json")), rejects_path=tmp_path / "rejects.jsonl")
    result = analyses.run(graph, "all", seed=2)
    tables = result.tables
    for row in tables["mutation.mutation"]:
        assert row["edges"] == 0 or 0 <= row["rate"] <= 1
    for row in tables["similarity.similarity"]:
        # (an interval of identical values may sit a rounding error off its mean)
        assert -1e-9 <= row["low"] <= row["mean"] + 1e-9
        assert row["mean"] <= row["high"] + 1e-9 <= 1 + 2e-9
    for row in tables["drift.orderings"]:
        assert 0 <= row["explained"] <= 1 and len(row["ordering"]) >= 2
    documented = {r["figure"]: r["value"] for r in tables["documentation.documentation"]}
    assert 0 < documented["share of models with a card"] <= 1
    # every table that came out empty is explained by a note
    for name, rows in tables.items():
        if not rows:
            assert any(note.startswith(name.split(".")[0]) for note in result.notes), name


#: A small lineage whose disruption is worked by hand from the definition (docs/graph-model.md):
#: model, day created, parents as (relation, parent).
DISRUPTION_FAMILY = (
    ("org/root", 0, ()), ("org/a", 1, (("finetune", "org/root"),)),
    ("org/b", 2, (("finetune", "org/root"),)), ("org/c", 3, (("finetune", "org/a"),)),
    ("org/m", 4, (("merge", "org/a"), ("merge", "org/root"))),
    ("org/q", 5, (("quantized", "org/b"),)), ("org/n", 6, (("merge", "org/c"), ("merge", "org/a"))),
    ("org/d", 8, (("finetune", "org/root"),)), ("org/e", 9, (("finetune", "org/root"),)))
#: Each variant's defined index by model, worked by hand: D = (n_i - n_j) / (n_i + n_j + n_k)
#: over the later models in the 90-day window. Direct parents (mdi), e.g. org/c (parent a):
#: org/m names a but not c (n_k), org/n names c and a (n_j): -1/2. Lineage (mdi_lineage),
#: e.g. org/q: nothing descends from it, org/n, d and e descend from its ancestor
#: org/root (n_k): 0.
HAND_WORKED = {
    "mdi": {"org/a": (2 - 1) / 6, "org/b": 1 / 4, "org/c": -1 / 2, "org/m": 0, "org/d": 0},
    "mdi_lineage": {"org/a": (2 - 1) / 7, "org/b": 1 / 6, "org/c": -1 / 5, "org/m": 0,
                    "org/q": 0, "org/n": 0, "org/d": 0},
}


def load_disruption_family(graph, tmp_path):
    from lineage.loader.files import load_files
    from tests.families import hub_model, write_crawl

    models = [hub_model(model, 1, *parents, createdAt=f"2024-01-{day + 1:02d}T00:00:00.000Z")
              for model, day, parents in DISRUPTION_FAMILY]
    load_files(graph, [write_crawl(tmp_path / "family.json", models)],
               rejects_path=tmp_path / "rejects.jsonl")


def hand_shares(variant):
    values = list(HAND_WORKED[variant].values())
    count = {"negative": sum(v < 0 for v in values), "zero": sum(v == 0 for v in values),
             "positive": sum(v > 0 for v in values)}
    return {sign: n / len(values) for sign, n in count.items()}


def test_stats_and_the_report_give_both_readings_of_disruption_as_counted_by_hand(
        graph, cli_env, capsys, tmp_path):
    load_disruption_family(graph, tmp_path)
    code, _, err = run_cli(capsys, "compute")
    assert code == 0, err
    for variant, worked in HAND_WORKED.items():
        stored = {model: graph.run("models/get", id=model)[0]["model"].get(variant)
                  for model, _, _ in DISRUPTION_FAMILY}
        assert {m: v for m, v in stored.items() if v is not None} == pytest.approx(worked)
    code, out, err = run_cli(capsys, "stats", "--format", "json")
    assert code == 0, err
    every = {row["relation"]: row for row in json.loads(out)["disruption"]}["all"]
    for variant in HAND_WORKED:
        shares = hand_shares(variant)
        assert every[f"{variant}_models"] == len(HAND_WORKED[variant])
        assert every[f"{variant}_share_negative"] == round(shares["negative"], 4)
        assert every[f"{variant}_share_not_disruptive"] == round(
            shares["negative"] + shares["zero"], 4)
        assert every[f"{variant}_share_zero"] == round(shares["zero"], 4)
        assert every[f"{variant}_share_positive"] == round(shares["positive"], 4)
        # Few are negative (1 in 5, 1 in 7); most are not disruptive (3 in 5, 5 in 7).
        assert every[f"{variant}_verdict_negative"] == "differs"
        assert every[f"{variant}_verdict_not_disruptive"] == "agrees"
    assert every["mdi_share_negative"] == 0.2 and every["mdi_share_not_disruptive"] == 0.6

    report = tmp_path / "report.md"
    code, _, err = run_cli(capsys, "analyze", "all", "-o", str(report))
    assert code == 0, err
    text = report.read_text()
    signs = text.split("## Disruption\n")[1].split("\n## ")[0]
    assert "| variant | models | D < 0 | D <= 0 | D = 0 | D > 0 |" in signs
    for variant in HAND_WORKED:
        shares = hand_shares(variant)
        row = (f"| {variant} | {len(HAND_WORKED[variant])} | {shares['negative']:.3f} | "
               f"{shares['negative'] + shares['zero']:.3f} | {shares['zero']:.3f} | "
               f"{shares['positive']:.3f} | differs | agrees |")
        assert row in signs, row
        assert (f"| {variant}: share not disruptive (zero or negative) | most models | "
                f"{shares['negative'] + shares['zero']:.3f} |") in signs
    assert text.index("## Summary") < text.index("## Disruption") < text.index("## Raw tables")
