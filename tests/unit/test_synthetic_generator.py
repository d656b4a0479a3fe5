"""The synthetic-ecosystem generator: determinism and the file contract, without a database."""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import json

import pandas as pd
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from lineage.errors import UsageError
from lineage.languages import language_code, language_name
from lineage.loader.files import detect_format, read_file
from lineage.loader.records import ModelRecord, Reject
from lineage.loader.synthetic import draw, generate
from lineage.loader.synthetic.truth import SELF_REFERENCE_REASON, read_truth
from lineage.loader.synthetic.writer import COLUMNS, MARKER
from lineage.pylist import parse_list

MODELS = 4_000
LIST_COLUMNS = ("tags", "regions", "licenses", "arxiv_papers", "datasets", "parent_model",
                "finetune_parent", "quantized_parent", "adapter_parent", "merge_parent",
                "languages")
TYPED = {"finetune_parent": "finetune", "quantized_parent": "quantized",
         "adapter_parent": "adapter", "merge_parent": "merge"}


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def ecosystem(tmp_path_factory):
    """A small ecosystem as CSV, its rows parsed, and its truth."""
    path = tmp_path_factory.mktemp("eco") / "eco.csv"
    generate(path, MODELS, seed=7)
    table = pa_csv.read_csv(path, parse_options=pa_csv.ParseOptions(newlines_in_values=True),
                            convert_options=pa_csv.ConvertOptions(
                                column_types={c: "string" for c in (*COLUMNS, MARKER)},
                                strings_can_be_null=False))
    rows = table.to_pylist()
    for row in rows:
        for column in LIST_COLUMNS:
            row[column] = parse_list(row[column])
    return path, rows, read_truth(path)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, suffix):
    first, again, other = (tmp_path / f"{name}{suffix}" for name in ("a", "b", "c"))
    generate(first, 2_000, seed=11)
    generate(again, 2_000, seed=11)
    generate(other, 2_000, seed=12)
    assert digest(first) == digest(again)
    assert digest(first) != digest(other)
    assert read_truth(first)["planted"] == read_truth(again)["planted"]


def test_the_format_follows_the_extension(tmp_path):
    generate(tmp_path / "eco.parquet", 1_000, seed=1)
    assert pq.ParquetFile(tmp_path / "eco.parquet").schema_arrow.names == [*COLUMNS, MARKER]
    assert detect_format(tmp_path / "eco.parquet") == "dataset"
    with pytest.raises(UsageError, match=r"\.csv or \.parquet"):
        generate(tmp_path / "eco.json", 1_000, seed=1)
    assert not (tmp_path / "eco.json").exists()


def test_too_few_models_is_refused(tmp_path):
    with pytest.raises(UsageError, match="--models"):
        generate(tmp_path / "eco.csv", 10, seed=1)


def test_columns_in_the_published_order_then_the_marker_and_rows_as_asked(ecosystem):
    path, rows, truth = ecosystem
    header = path.open(encoding="utf-8").readline().strip()
    assert [c.strip('"') for c in header.split(",")] == [*COLUMNS, MARKER]
    assert len(rows) == MODELS == truth["models"]
    assert detect_format(path) == "dataset"


def test_every_model_is_recognisably_synthetic_and_unique(ecosystem):
    _, rows, _ = ecosystem
    ids = [row["model_id"] for row in rows]
    assert all(i.startswith("synthetic-") and "/" in i for i in ids)
    assert len({i.lower() for i in ids}) == len(ids)


def test_scalar_columns_have_the_published_shapes(ecosystem):
    _, rows, _ = ecosystem
    for row in rows:
        assert row["private"] == "False"
        assert row[MARKER] == "True"
        assert int(row["likes"]) >= 0 and int(row["downloads"]) >= 0
        float(row["trendingScore"])
        created = dt.datetime.fromisoformat(row["createdAt"])
        assert created.utcoffset() == dt.timedelta(0)
        assert row["createdAt"].endswith("+00:00") and " " in row["createdAt"]
        assert created >= dt.datetime(2022, 3, 2, tzinfo=dt.timezone.utc)
    assert any(row["createdAt"].startswith("2022-03-02 00:00:00") for row in rows)


def test_languages_are_names_and_tags_hold_codes_licences_and_lineage(ecosystem):
    _, rows, _ = ecosystem
    listing = 0
    for row in rows:
        codes = [language_code(name) for name in row["languages"]]
        assert all(codes), row["languages"]
        assert row["languages"] == [language_name(c) for c in codes]  # pycountry's names
        tags = row["tags"]
        assert [t for t in tags if len(t) == 2] == codes
        assert [f"license:{lic}" for lic in row["licenses"]] == [
            t for t in tags if t.startswith("license:")]
        assert [f"dataset:{d}" for d in row["datasets"]] == [
            t for t in tags if t.startswith("dataset:")]
        assert [f"arxiv:{a}" for a in row["arxiv_papers"]] == [
            t for t in tags if t.startswith("arxiv:")]
        bare = [t.split(":", 1)[1] for t in tags if t.count(":") == 1
                and t.startswith("base_model:")]
        assert bare == row["parent_model"]
        for column, word in TYPED.items():
            assert row[column] == [t.split(":", 2)[2] for t in tags
                                   if t.startswith(f"base_model:{word}:")]
        listing += bool(codes)
    assert 0 < listing < len(rows)


def test_typed_parents_are_declared_parents_and_merges_have_two_to_four(ecosystem):
    _, rows, _ = ecosystem
    merges = 0
    for row in rows:
        declared = row["parent_model"]
        assert len(set(declared)) == len(declared)
        for column in TYPED:
            assert set(row[column]) <= set(declared)
        typed = [p for column in TYPED for p in row[column]]
        assert len(typed) == len(set(typed))
        if row["merge_parent"]:
            merges += 1
            assert 2 <= len(row["merge_parent"]) <= 4
    assert merges > 0


def test_children_come_after_their_parents_except_the_edge_closing_a_cycle(ecosystem):
    _, rows, truth = ecosystem
    created = {row["model_id"]: row["createdAt"] for row in rows}
    closing = {(cycle[-1], cycle[0]) for cycle in truth["planted"]["cycles"]["members"]}
    late = []
    for row in rows:
        for parent in row["parent_model"]:
            edge = (parent, row["model_id"])
            if parent in created and parent != row["model_id"] and edge not in closing:
                if created[parent] >= row["createdAt"]:
                    late.append(edge)
    assert late == []


def test_planted_defects_are_in_the_file_as_the_truth_says(ecosystem):
    _, rows, truth = ecosystem
    planted = truth["planted"]
    ids = {row["model_id"] for row in rows}
    by_id = {row["model_id"]: row for row in rows}
    assert planted["missing_parents"]["count"] >= 3
    referenced = {p for row in rows for p in row["parent_model"]}
    for missing in planted["missing_parents"]["models"]:
        assert missing not in ids and missing in referenced
    assert planted["self_references"]["count"] >= 3
    for model in planted["self_references"]["models"]:
        assert model in by_id[model]["parent_model"]
    assert planted["cycles"]["count"] >= 3
    for cycle in planted["cycles"]["members"]:
        assert 2 <= len(cycle) <= 5
        # each member names the previous one as a parent; the first names the last
        for parent, child in zip(cycle, cycle[1:] + cycle[:1]):
            assert parent in by_id[child]["parent_model"]


def test_the_loader_reads_it_with_only_the_planted_rejects(ecosystem):
    path, rows, truth = ecosystem
    rejects, records, parents = collections.Counter(), 0, collections.Counter()
    for item in read_file(path, "dataset"):
        if isinstance(item, ModelRecord):
            records += 1
            rejects.update(r.reason for r in item.rejects)
            parents.update(p.relation.label for p in item.parents)
        else:
            assert isinstance(item, Reject)
            rejects[item.reason] += 1
    assert records == MODELS
    assert dict(rejects) == truth["planted"]["expected_rejects"] == {
        SELF_REFERENCE_REASON: truth["planted"]["self_references"]["count"]}
    edges = {k: v for k, v in truth["edges"].items() if k != "total"}
    assert dict(parents) == {k: v for k, v in edges.items() if v}


def test_cards_are_realistic_markdown_with_front_matter(ecosystem):
    _, rows, _ = ecosystem
    cards = [row["modelCard"] for row in rows if row["modelCard"]]
    assert 0.6 < len(cards) / len(rows) < 0.75
    assert all(card.startswith("---\n") and "\n---\n\n" in card for card in cards)
    assert any("generated automatically" in c or "automatically generated" in c for c in cards)
    assert any("mergekit" in c for c in cards) and any("## Provided files" in c for c in cards)


def test_truth_names_what_was_planted(ecosystem):
    path, _, truth = ecosystem
    assert (path.parent / "eco.csv.truth.json").exists()
    assert json.loads((path.parent / "eco.csv.truth.json").read_text()) == truth
    assert truth["orderings"]["license"][0] == "gemma"
    assert truth["orderings"]["language"][-1] == "English"
    assert truth["race_to_release"]["rank_slope"] < 0
    assert truth["mutation"]["license"]["finetune"] > truth["mutation"]["license"]["other"]
    assert truth["edges"]["total"] == sum(v for k, v in truth["edges"].items() if k != "total")
    assert len(truth["hubs"]) == 6 and truth["chains"][0]["length"] >= 35


def test_drawing_twice_gives_the_same_ecosystem():
    first, _ = draw(3_000, 5)
    again, _ = draw(3_000, 5)
    assert (first.lineage.parent == again.lineage.parent).all()
    assert (first.traits.license == again.traits.license).all()
    assert (first.created == again.created).all()
    frame = pd.Series(first.lineage.relation).value_counts()
    assert frame.index.min() == -1 and frame.index.max() == 4
