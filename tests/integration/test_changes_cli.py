"""`lineage changes` (the list and `--summary`), an old id after a rename in the commands that
take a model id, `lineage load file --complete` and the removed count of `lineage stats`, from
the command line against a real Neo4j.

The data are the three snapshots of test_life_cycle.py, whose changes are written out there by
hand (SECOND, THIRD); the expectations below are hand-written too (the kinds counted, the
families grown, the family of a model), and the governance flags are checked against the
review run directly on the models a reader of the snapshots expects to have changed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter

import pytest

from lineage.analytics.governance.rules import default_rules
from lineage.analytics.jobs.compute import compute
from lineage.analytics.reads.changes import COLUMNS, changes
from lineage.analytics.reads.review import review_models
from lineage.changes import KINDS
from lineage.ui.cli import main
from tests.integration.test_life_cycle import (
    SECOND,
    THIRD,
    first_snapshot,
    load,
    model,
    second_snapshot,
    third_snapshot,
    write,
)

#: The family of org/a after the third snapshot (weakly connected over current edges): f lost
#: its only children (g dropped it, i was removed), i and j hang together apart, l is alone.
FAMILY_A = {"org/a", "org/b", "org/c2", "org/d", "org/e", "org/g", "org/h", "org/k", "org/m1",
            "org/n"}
#: The models a change that can raise a governance flag touched, and that are still listed:
#: k, l, n added; h returned; c2 renamed; b's licence; f's gate; d's parents; g's parent.
CHANGED = ["org/b", "org/c2", "org/d", "org/f", "org/g", "org/h", "org/k", "org/l", "org/n"]


def run_cli(capsys, *args):
    with pytest.raises(SystemExit) as exit_:
        main([str(a) for a in args])
    captured = capsys.readouterr()
    return exit_.value.code, captured.out, captured.err


def plain(row):
    """A change as test_life_cycle writes them: (model, kind, before, after, relation)."""
    def value(v):
        return tuple(v) if isinstance(v, list) else v
    return (row["model"], row["kind"], value(row["before"]), value(row["after"]),
            row["relation"])


@pytest.fixture
def snapshots(tmp_path):
    return [write(tmp_path / f"s{n}.jsonl", make()) for n, make in
            enumerate((first_snapshot, second_snapshot, third_snapshot), 1)]


@pytest.fixture
def loaded(graph, cli_env, snapshots, tmp_path):
    """The three snapshots loaded in order as complete listings, `lineage compute` run after
    the first (so the families of the models then are stored); each load's id and start."""
    loads = []
    for number, path in enumerate(snapshots):
        summary = load(graph, path, tmp_path)
        if number == 0:
            compute(graph, window_days=90)
        started = graph.adhoc("MATCH (s:Snapshot {id: $id}) RETURN s.started_at AS at",
                              params={"id": summary.snapshot}, max_rows=1).rows[0]["at"]
        loads.append((summary.snapshot, started))
    return loads


def changes_json(capsys, *args):
    code, out, err = run_cli(capsys, "changes", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def test_changes_lists_every_change_in_json_csv_and_a_table(loaded, capsys, tmp_path):
    rows = changes_json(capsys)
    assert all(list(row) == list(COLUMNS) for row in rows)
    assert Counter(plain(r) for r in rows) == Counter(SECOND | THIRD)
    for row in rows:  # at as ISO-8601 text, oldest first
        assert dt.datetime.fromisoformat(row["at"]).tzinfo is not None
    assert [r["at"] for r in rows] == sorted(r["at"] for r in rows)
    assert {r["snapshot"] for r in rows} == {loaded[1][0], loaded[2][0]}

    code, out, err = run_cli(capsys, "changes", "--format", "csv")
    assert code == 0, err
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == list(COLUMNS) and len(table) == 1 + len(SECOND | THIRD)
    licence = [r for r in table if r[3] == "license"]
    assert [(r[2], r[4], r[5]) for r in licence] == [("org/b", "apache-2.0", "mit")]

    code, out, err = run_cli(capsys, "changes")
    assert code == 0, err
    assert "14 changes since the first load up to now" in out
    code, _, err = run_cli(capsys, "changes", "--kind", "renamed", "-o", tmp_path / "t.txt")
    assert code == 0 and "Wrote 1 rows" in err
    text = (tmp_path / "t.txt").read_text(encoding="utf-8")
    assert "1 change since the first load up to now, kind renamed" in text
    assert "org/c2" in text and "org/c " in text



def test_newest_first_reads_the_newest_of_a_window(loaded, graph):
    """The app's table reads the newest changes first: the third load's 4, then the second's,
    whatever the limit cuts."""
    oldest_first = changes(graph)
    newest = changes(graph, limit=5, newest_first=True)
    assert [plain(r) for r in newest[:4]] == sorted(
        (plain(r) for r in oldest_first if r["snapshot"] == loaded[2][0]), key=str)
    assert newest[4]["snapshot"] == loaded[1][0]
    assert [r["at"] for r in newest] == sorted((r["at"] for r in newest), reverse=True)

def test_the_window_takes_a_load_or_a_date(loaded, capsys):
    (_, _), (second, _), (third, third_start) = loaded
    assert {plain(r) for r in changes_json(capsys, "--since", third)} == THIRD
    assert {plain(r) for r in changes_json(capsys, "--since", second, "--until", third)} == (
        SECOND)
    assert {plain(r) for r in changes_json(capsys, "--until", second)} == set()
    assert {plain(r) for r in changes_json(capsys, "--since", third_start.isoformat())} == THIRD
    assert len(changes_json(capsys, "--since", "2000-01-01")) == len(SECOND | THIRD)
    assert changes_json(capsys, "--since", "2999-01-01") == []
    assert changes_json(capsys, "--until", "2000-01-01") == []


def test_family_and_kind_filters(loaded, capsys):
    family = {plain(r) for r in changes_json(capsys, "--family", "org/a")}
    assert family == {c for c in SECOND | THIRD if c[0] in FAMILY_A}
    assert not {c[0] for c in family} & {"org/f", "org/i", "org/l"}
    kinds = {plain(r) for r in changes_json(capsys, "--kind", "license, removed")}
    assert kinds == {c for c in SECOND | THIRD if c[1] in ("license", "removed")}
    both = {plain(r) for r in changes_json(capsys, "--family", "org/a", "--kind", "added")}
    assert both == {("org/k", "added", None, None, None), ("org/n", "added", None, None, None)}
    # The old id of a renamed model names its family too, and the command says so.
    code, out, err = run_cli(capsys, "changes", "--family", "org/c", "--format", "json")
    assert code == 0 and {plain(r) for r in json.loads(out)} == family
    assert "org/c was renamed: showing org/c2" in err


def test_bad_kind_and_bad_moments_are_usage_errors(loaded, capsys):
    code, out, err = run_cli(capsys, "changes", "--kind", "added,nope")
    assert code == 2 and out == ""
    assert "--kind" in err and "unknown change kind 'nope'" in err and "parent_ended" in err
    code, out, err = run_cli(capsys, "changes", "--since", "yesterday-ish")
    assert code == 2 and out == ""
    assert "--since" in err and "'yesterday-ish' is neither a date" in err
    code, _, err = run_cli(capsys, "changes", "--summary", "--until", "no-such-load")
    assert code == 2 and "--until" in err and "no-such-load" in err
    code, _, err = run_cli(capsys, "changes", "--family", "org/nobody")
    assert code == 2 and "no model 'org/nobody'" in err


def test_summary_counts_families_licences_flags_and_loads(loaded, graph, capsys):
    found = changes_json(capsys, "--summary")
    assert list(found) == ["window", "loads", "counts", "families_grown", "license_changes",
                           "governance_flags"]
    assert found["window"] == {"since": None, "until": None}
    expected = Counter(kind for _, kind, *_ in SECOND | THIRD)
    assert found["counts"] == {kind: expected.get(kind, 0) for kind in KINDS}
    assert found["counts"]["added"] == 3 and found["counts"]["removed"] == 2
    # k (a child of b) and n (of c2 and b) join the family compute stored for a; l is new alone.
    assert found["families_grown"] == [{"family": "org/a", "added": 2},
                                       {"family": "org/l", "added": 1}]
    assert [{k: v for k, v in row.items() if k != "at"} for row in found["license_changes"]] == [
        {"model": "org/b", "before": ["apache-2.0"], "after": ["mit"]}]
    assert found["license_changes"][0]["at"] == loaded[1][1].isoformat()

    by_flag: dict[str, set[str]] = {}
    for reviewed in review_models(graph, CHANGED, default_rules()):
        for flag in reviewed.flags:
            by_flag.setdefault(flag.code, set()).add(reviewed.model)
    assert by_flag, "the changed models raise no flag: the check would be empty"
    assert {row["flag"]: (row["models"], row["examples"]) for row in found["governance_flags"]} == {
        code: (len(ids), sorted(ids)[:10]) for code, ids in by_flag.items()}

    loads = found["loads"]
    assert [row["id"] for row in loads] == [snapshot for snapshot, _ in loaded]
    assert [(r["changes"], r["removed"], r["renamed"], r["complete_listing"]) for r in loads] == [
        (0, 0, 0, True), (len(SECOND), 2, 1, True), (len(THIRD), 0, 0, True)]
    # d's old parent, and the parents of h and i when they left; then g's old parent.
    assert [r["edges_ended"] for r in loads] == [0, 3, 1]


def test_summary_flags_a_new_model_under_a_gated_parent(loaded, graph, capsys, tmp_path):
    fourth = third_snapshot()
    fourth["o"] = model("o", oid="18", parents=[("finetune", "f")], license="mit")
    summary = load(graph, write(tmp_path / "s4.jsonl", fourth), tmp_path)
    found = changes_json(capsys, "--summary", "--since", summary.snapshot)
    assert {k: n for k, n in found["counts"].items() if n} == {"added": 1}
    assert found["families_grown"] == [{"family": "org/a", "added": 1}]  # f's, stored
    flags = {row["flag"]: row for row in found["governance_flags"]}
    assert flags["ancestor_gated"] == {"flag": "ancestor_gated", "models": 1,
                                       "examples": ["org/o"]}
    (reviewed,) = review_models(graph, ["org/o"], default_rules())
    assert set(flags) == {flag.code for flag in reviewed.flags}


def test_summary_takes_the_window_family_and_kinds(loaded, capsys):
    third = loaded[2][0]
    found = changes_json(capsys, "--summary", "--since", third)
    assert found["window"]["since"] == found["loads"][0]["started_at"]
    assert [row["id"] for row in found["loads"]] == [third]
    assert {k: n for k, n in found["counts"].items() if n} == Counter(c[1] for c in THIRD)
    assert found["families_grown"] == [{"family": "org/a", "added": 1}]
    assert found["license_changes"] == []

    found = changes_json(capsys, "--summary", "--kind", "license,gated")
    assert found["counts"] == {"license": 1, "gated": 1}
    assert found["families_grown"] == []
    flagged = {m for row in found["governance_flags"] for m in row["examples"]}
    assert flagged <= {"org/b", "org/f"}

    found = changes_json(capsys, "--summary", "--family", "org/a", "--until", third)
    assert {k: n for k, n in found["counts"].items() if n} == Counter(
        c[1] for c in SECOND if c[0] in FAMILY_A)
    assert found["window"]["until"] is not None and found["window"]["since"] is None


def test_summary_as_csv_and_table(loaded, capsys, tmp_path):
    code, out, err = run_cli(capsys, "changes", "--summary", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    sections = Counter(row["section"] for row in rows)
    assert sections["loads"] == 3 and sections["changes by kind"] == len(KINDS)
    assert sections["families grown"] == 2
    assert [r["model"] for r in rows if r["section"] == "licence changes"] == ["org/b"]
    code, out, err = run_cli(capsys, "changes", "--summary")
    assert code == 0 and "changes by kind" in out
    code, _, err = run_cli(capsys, "changes", "--summary", "-o", tmp_path / "summary.txt")
    assert code == 0, err
    text = (tmp_path / "summary.txt").read_text(encoding="utf-8")
    for title in ("window", "loads", "changes by kind", "families grown", "licence changes",
                  "governance flags"):
        assert title in text
    assert "the first load" in text and "org/b" in text


def test_an_old_id_after_a_rename_is_followed_with_a_note(loaded, capsys, tmp_path):
    code, new, err = run_cli(capsys, "kin", "org/c2", "--kind", "children", "--format", "json")
    assert code == 0 and "renamed" not in err
    code, old, err = run_cli(capsys, "kin", "Org/C", "--kind", "children", "--format", "json")
    assert code == 0
    assert err.strip().splitlines() == ["Org/C was renamed: showing org/c2"]
    document = json.loads(old)
    assert list(document) == ["model", "kind", "relations", "total", "kin"]
    assert document["total"] == 3 and document["kin"] == json.loads(new)["kin"]
    assert sorted(r["id"] for r in document["kin"]) == ["org/d", "org/e", "org/n"]

    code, out, err = run_cli(capsys, "kin", "org/c", "--with", "org/e", "--format", "json")
    assert code == 0 and json.loads(out)["length"] == 1
    assert err.count("org/c was renamed: showing org/c2") == 1
    code, out, err = run_cli(capsys, "family", "org/c", "--format", "json")
    assert code == 0 and "org/c was renamed: showing org/c2" in err
    assert {r["child"] for r in json.loads(out)} >= {"org/c2", "org/d", "org/e"}
    path = tmp_path / "c.json"
    code, _, err = run_cli(capsys, "report", "org/c", "-o", path)
    assert code == 0 and "org/c was renamed: showing org/c2" in err
    assert json.loads(path.read_text(encoding="utf-8"))["model"]["id"] == "org/c2"


def test_load_file_complete_marks_what_the_files_lack_removed(graph, cli_env, snapshots,
                                                              capsys, tmp_path):
    first, second, _ = snapshots
    rejects = tmp_path / "rejects.jsonl"
    code, _, err = run_cli(capsys, "load", "file", first, "--rejects", rejects)
    assert code == 0, err
    code, _, err = run_cli(capsys, "load", "file", second, "--rejects", rejects)
    assert code == 0, err
    assert "models renamed" in err and "models removed" not in err
    assert not graph.adhoc("MATCH (m:Removed) RETURN m", max_rows=5).rows
    code, _, err = run_cli(capsys, "load", "file", second, "--complete", "--rejects", rejects)
    assert code == 0, err
    cells = [[c.strip() for c in line.split("│")[1:-1]] for line in err.splitlines()]
    summary = {c[0]: c[1] for c in cells if len(c) == 2}
    assert summary["models removed"] == "2" and summary["changes recorded"] == "2"
    assert summary["removed"] == "2"  # the changes by kind
    assert summary["edges ended"] == "2"  # the parents h and i declared
    removed = graph.adhoc("MATCH (m:Removed) RETURN m.id AS id ORDER BY id", max_rows=5).rows
    assert [r["id"] for r in removed] == ["org/h", "org/i"]
    snapshot = graph.adhoc("MATCH (s:Snapshot) WHERE s.removed > 0 RETURN s.complete_listing "
                           "AS complete", max_rows=5).rows
    assert snapshot == [{"complete": True}]


def test_stats_count_the_removed_models(loaded, graph, capsys):
    compute(graph, window_days=90)
    code, out, err = run_cli(capsys, "stats", "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    assert document["removed"] == 1  # i; h came back
    assert document["models"] == 14 and document["placeholders"] == 0
    code, out, err = run_cli(capsys, "stats", "--format", "csv")
    assert code == 0, err
    figures = {r["figure"]: r["value"] for r in csv.DictReader(io.StringIO(out))
               if r["section"] == "ecosystem"}
    assert figures["removed"] == "1"
