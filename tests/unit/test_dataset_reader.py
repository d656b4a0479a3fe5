"""The dataset reader: lineage from the parent columns and the base_model tags together, and the
marker that makes every model of a generated file synthetic (and no model of a real one)."""

from __future__ import annotations

import collections
import csv
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lineage.loader.files import read_file
from lineage.loader.formats.dataset import COLUMNS, MARKER
from lineage.loader.records import ModelRecord
from lineage.loader.synthetic import generate
from lineage.relations import Relation

PARENT_COLUMNS = ("parent_model", "finetune_parent", "quantized_parent", "adapter_parent",
                  "merge_parent")
LABELS = {relation: relation.label for relation in Relation}


def write_rows(path, rows, columns=COLUMNS[:-1]):
    """A dataset CSV with ``columns``; each row a dict of the cells it fills (lists: ``[]``)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "[]" if c in (*PARENT_COLUMNS, "tags") else "")
                             for c in columns])
    return path


def read(path):
    """Per model id, its record; and every reject (the records' and the rows')."""
    records, rejects = {}, []
    for item in read_file(path):
        if isinstance(item, ModelRecord):
            records[item.id] = item
            rejects += item.rejects
        else:
            rejects.append(item)
    return records, rejects


def edges(records):
    return {(p.id.lower(), r.key, LABELS[p.relation], p.word)
            for r in records.values() for p in r.parents}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    parquet = generate(folder / "eco.parquet", 3_000, seed=5, with_cards=False)
    csv_file = generate(folder / "eco.csv", 1_000, seed=6, with_cards=False)
    return parquet, csv_file


def test_columns_only_tags_only_and_both_give_the_same_lineage(generated, tmp_path):
    """The generator derives tags and columns from one list of parents, so reading tags beside
    the columns changes nothing on its files, and either alone gives all of it."""
    result, _ = generated
    table = pq.read_table(result.path)
    blank = pa.array(["[]"] * table.num_rows)

    def blanked(names, name):
        out = table
        for column in names:
            out = out.set_column(out.schema.get_field_index(column), column, blank)
        pq.write_table(out, tmp_path / name)
        return tmp_path / name

    both = read(result.path)
    columns_only = read(blanked(["tags"], "columns.parquet"))
    tags_only = read(blanked(PARENT_COLUMNS, "tags.parquet"))
    assert edges(both[0]) == edges(columns_only[0]) == edges(tags_only[0])
    reasons = [collections.Counter(r.reason for r in rejects)
               for _, rejects in (both, columns_only, tags_only)]
    assert reasons[0] == reasons[1] == reasons[2]
    # The counts the generator planted, computed from its own structure, not by any reader.
    truth = result.truth
    by_relation = collections.Counter(label for *_, label, _ in edges(both[0]))
    assert dict(by_relation) == {k: v for k, v in truth["edges"].items() if k != "total" and v}
    assert reasons[0] == {"model names itself as its parent":
                          truth["planted"]["self_references"]["count"]}


def test_lineage_declared_only_in_tags_is_read(tmp_path):
    path = write_rows(tmp_path / "real.csv", [
        {"model_id": "org/distilled", "tags": "['en', 'base_model:distill:some/parent']"},
        {"model_id": "org/tuned", "tags": "['base_model:org/base', 'base_model:finetune:org/base']"},
        # untyped in the columns, typed in the tags: the typed edge wins
        {"model_id": "org/quant", "parent_model": "['org/base']",
         "tags": "['base_model:quantized:org/base']"},
        # typed in the columns, untyped in the tags: the columns' edge, nothing more
        {"model_id": "org/adapted", "parent_model": "['org/base']",
         "adapter_parent": "['org/base']", "tags": "['base_model:org/base']"},
        # a parent only the tags name beside one only the columns name
        {"model_id": "org/merged", "parent_model": "['org/a']", "merge_parent": "['org/a']",
         "tags": "['base_model:merge:org/b']"},
        # one self-reference in both places is one reject, not two
        {"model_id": "org/self", "parent_model": "['org/self']", "tags": "['base_model:org/self']"},
        {"model_id": "org/bad", "tags": "['base_model:finetune:not a/valid/id']"},
    ])
    records, rejects = read(path)
    assert edges(records) == {
        ("some/parent", "org/distilled", "unstated", "distill"),
        ("org/base", "org/tuned", "finetune", None),
        ("org/base", "org/quant", "quantization", None),
        ("org/base", "org/adapted", "adapter", None),
        ("org/a", "org/merged", "merge", None),
        ("org/b", "org/merged", "merge", None),
    }
    sources = {(p.id, r.id): p.source for r in records.values() for p in r.parents}
    assert sources[("some/parent", "org/distilled")] == "tag"
    assert sources[("org/a", "org/merged")] == "dataset"
    assert [(r.model_id, r.kind) for r in rejects] == [("org/self", "edge"), ("org/bad", "edge")]


def test_every_model_of_a_generated_file_is_marked_whatever_its_name(generated, tmp_path):
    for result in generated:
        renamed = tmp_path / f"hub-export{result.path.suffix}"
        shutil.copy(result.path, renamed)
        records, _ = read(renamed)
        assert len(records) == result.models
        assert all(r.properties == {MARKER: True} for r in records.values())


def test_a_file_without_the_marker_marks_nothing(tmp_path):
    rows = [{"model_id": "org/base"}, {"model_id": "org/ft", "finetune_parent": "['org/base']"}]
    records, rejects = read(write_rows(tmp_path / "real.csv", rows))
    assert len(records) == 2 and not rejects
    assert all(MARKER not in r.properties for r in records.values())
    stated = [{**rows[0], MARKER: "False"}, {**rows[1], MARKER: ""},
              {"model_id": "org/odd", MARKER: "maybe"}, {"model_id": "org/made", MARKER: "true"}]
    records, rejects = read(write_rows(tmp_path / "stated.csv", stated, (*COLUMNS[:-1], MARKER)))
    assert {i for i, r in records.items() if r.properties.get(MARKER)} == {"org/made"}
    assert [(r.model_id, r.reason) for r in rejects] == [
        ("org/odd", "synthetic: not True or False")]
