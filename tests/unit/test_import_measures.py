"""The offline import's model rows: spooled whole, then written with their measures."""

import csv
import datetime as dt

from lineage.loader import offline
from lineage.loader.files import detect_format, read_file
from lineage.loader.importmeasures import COLUMNS
from lineage.loader.ingest import LoadSummary
from lineage.loader.rejects import RejectsFile
from tests.integration.test_crawl_load import write_family


class _NoCards:
    def add(self, row):
        pass


def convert(tmp_path, said):
    family = write_family(tmp_path / "family.json", [
        ("org/base", [], 10), ("org/ft", ["base_model:finetune:org/base"], 5),
        ("org/orphan", ["base_model:adapter:elsewhere/missing"], 1), ("org/alone", [], 0)])
    folder = tmp_path / "csv"
    folder.mkdir()
    summary = LoadSummary(snapshot="s", source=str(family), kind="crawl")
    converter = offline._Converter(folder, "s", dt.datetime.now(dt.timezone.utc), False,
                                   RejectsFile(tmp_path / "rejects.jsonl"), summary, None,
                                   _NoCards())
    for item in read_file(family, detect_format(family), None):
        converter.add(item)
    files = converter.finish(said.append)
    rows = {}
    for path in files["nodes"]:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                rows[row["key:ID(Model)"]] = row
    return rows


def test_each_row_ends_with_its_own_measures(tmp_path):
    said = []
    rows = convert(tmp_path, said)
    assert set(rows) == {"org/base", "org/ft", "org/orphan", "org/alone", "elsewhere/missing"}
    assert rows["org/ft"]["id:string"] == "org/ft" and rows["org/ft"]["downloads:long"] == "5"
    assert rows["org/ft"]["generation:long"] == "1"
    assert rows["org/base"]["descendants:long"] == "1"
    assert rows["org/base"]["children_finetune:long"] == "1"
    assert rows["org/orphan"]["family:string"] == "elsewhere/missing"
    assert rows["elsewhere/missing"]["family_size:long"] == "2"
    assert rows["org/alone"]["family:string"] == "org/alone"
    assert any(line.startswith("Measuring 5 models") for line in said)


def test_a_graph_too_big_to_measure_is_imported_without_measures(tmp_path, monkeypatch):
    def too_big(facts, edges):
        raise MemoryError("more than 100,000,000 (ancestor, descendant) pairs")

    monkeypatch.setattr(offline, "measure_facts", too_big)
    said = []
    rows = convert(tmp_path, said)
    assert len(rows) == 5 and rows["org/ft"]["downloads:long"] == "5"
    header = [f"{prop}:{kind}" for prop, kind in COLUMNS]
    assert all(row[column] == "" for row in rows.values() for column in header)
    assert any("run `lineage compute` after it" in line for line in said)
