"""Reading frames (analytics/frames.py) and finding models (analytics/lookup.py) against the
real Neo4j."""

import pandas as pd
import pytest

from lineage.analytics.reads.frames import edge_frame, model_frame, relation_types
from lineage.analytics.reads.lookup import find_model, fragments
from lineage.errors import ModelNotFound, UsageError
from lineage.loader.files import load_files
from tests.families import FAMILY_WITH_LOOP, write_crawl


@pytest.fixture
def family(graph, tmp_path):
    load_files(graph, [write_crawl(tmp_path / "family.json", FAMILY_WITH_LOOP)],
               rejects_path=tmp_path / "rejects.jsonl")
    return graph


def test_the_edge_frame_holds_every_declared_edge_with_its_relation_word(family):
    frame = edge_frame(family)
    got = set(map(tuple, frame[["parent", "child", "relation", "cycle"]].to_numpy().tolist()))
    assert got == {
        ("org/base", "org/ft-a", "finetune", False), ("org/base", "org/ft-b", "finetune", False),
        ("org/ft-a", "org/merged", "merge", False), ("org/ft-b", "org/merged", "merge", False),
        ("org/merged", "org/quant", "quantization", False),
        ("elsewhere/missing", "org/orphan", "adapter", False),
        ("org/loop-a", "org/loop-b", "finetune", True),
        ("org/loop-b", "org/loop-a", "finetune", True),
    }
    merges = edge_frame(family, relations=["merge", "quantization"])
    assert sorted(merges["relation"]) == ["merge", "merge", "quantization"]


def test_a_family_frame_reads_through_the_stored_family_property(family):
    family.run_statements("test/family", [
        "MATCH (m:Model) WHERE m.key STARTS WITH 'org/' AND NOT m.key STARTS WITH 'org/loop' "
        "AND m.key <> 'org/orphan' SET m.family = 'org/base'"])
    edges = edge_frame(family, family="org/base")
    assert len(edges) == 5 and set(edges["child"]) == {"org/ft-a", "org/ft-b", "org/merged",
                                                       "org/quant"}
    models = model_frame(family, ["downloads", "pipeline_tag"], family="org/base")
    assert models["key"].tolist() == ["org/base", "org/ft-a", "org/ft-b", "org/merged",
                                      "org/quant"]
    assert models.set_index("key").loc["org/base", "pipeline_tag"] == "text-generation"


def test_the_model_frame_pages_through_every_model_and_marks_placeholders(family):
    frame = model_frame(family, ["downloads", "licenses"], batch=3)
    assert len(frame) == 9 and frame["key"].is_unique
    row = frame.set_index("key")
    assert row.loc["elsewhere/missing", "placeholder"]
    assert row.loc["org/base", "downloads"] == 1000
    assert row.loc["org/base", "licenses"] == ["apache-2.0"]
    assert row.loc["org/ft-a", "licenses"] is None


def test_unknown_names_are_usage_errors_that_list_the_valid_ones(family):
    with pytest.raises(UsageError, match="unknown model property 'password'.*downloads"):
        model_frame(family, ["password"])
    with pytest.raises(UsageError, match="unknown relation 'distill': use finetune"):
        relation_types(["distill"])


def test_a_model_is_found_in_any_case_and_an_unknown_one_names_the_closest_ids(family):
    assert find_model(family, "  ORG/Ft-A ")["id"] == "org/ft-a"
    with pytest.raises(ModelNotFound) as caught:
        find_model(family, "org/ft-c")
    assert str(caught.value).startswith("no model 'org/ft-c' in the graph; closest: org/ft-")
    assert caught.value.closest[:2] == ["org/ft-a", "org/ft-b"]
    assert caught.value.exit_code == 2
    with pytest.raises(ModelNotFound, match="no id is close to it; search with `lineage search"):
        find_model(family, "zzz/qqq")


def test_fragments_are_owner_name_and_longer_words():
    assert fragments("org/ft-c") == ["org/", "ft-c"]
    assert fragments("nameonly") == ["nameonly"]
    assert fragments("  ") == []


def iso(time):
    return None if time is None or pd.isna(time) else time.isoformat()


def test_the_columnar_reads_give_what_the_row_reads_give(family):
    """Batches of three models and of two children, so every batch boundary is crossed."""
    from lineage.analytics.reads.frames import (
        _edge_columns,
        columns_by_key,
        model_columns,
    )
    from lineage.relations import Relation

    family.run_statements("test/times", [
        "MATCH (m:Model {key: 'org/base'}) SET m.created_at = datetime('2024-03-01T12:30:45.123Z')",
        "MATCH (m:Model {key: 'org/quant'}) SET m.created_at = datetime('2024-05-02T00:00:00Z')"])
    properties = ["id", "downloads", "licenses", "created_at", "pipeline_tag", "has_card"]
    rows = model_frame(family, properties)
    columns = model_columns(family, properties, batch=3)
    assert columns["key"].tolist() == rows["key"].tolist()
    assert columns["placeholder"].tolist() == rows["placeholder"].tolist()
    for name in ("id", "downloads", "licenses", "pipeline_tag", "has_card"):
        assert [None if v is None or v != v else v for v in columns[name]] == [
            None if v is None or v != v else v for v in rows[name]], name
    assert [iso(t) for t in columns["created_at"]] == [iso(t) for t in rows["created_at"]]
    assert any(iso(t) for t in rows["created_at"])

    by_key = columns_by_key(family, ["org/quant", "org/base", "no/such", "org/quant"],
                            ["downloads", "created_at", "pipeline_tag"], batch=2)
    assert by_key["key"].tolist() == ["org/quant", "org/base"]
    expected = rows.set_index("key")
    for _, row in by_key.iterrows():
        assert iso(row["created_at"]) == iso(expected.at[row["key"], "created_at"])
        assert row["downloads"] == expected.at[row["key"], "downloads"]
        assert type(row["downloads"]) is int

    streamed = family.stream("frames/edges", types=Relation.types())
    expected_edges = {(r["parent"], r["child"], r["relation"], r["cycle"]) for r in streamed}
    batched = _edge_columns(family, Relation.types(), batch=2)
    assert len(batched) == len(expected_edges) == 8
    assert set(map(tuple, batched.to_numpy().tolist())) == expected_edges
