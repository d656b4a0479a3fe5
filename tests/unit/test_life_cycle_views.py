"""The life cycle in the app, without a database: removed models and ended edges in the
family-tree drawing, and the text of changes (the "What changed" panel, a model's history)."""

import datetime as dt

from lineage.analytics.reads.trees import FamilyTree
from lineage.ui.app.views import changes
from lineage.ui.render.drawing import (
    ENDED_COLOUR,
    FOCUS_COLOUR,
    MODEL_COLOUR,
    REMOVED_COLOUR,
    tree_drawing,
)
from tests.drawing import drawn

GONE = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone.utc)


def model(model_id, **more):
    return {"id": model_id, "key": model_id, **more}


def tree(ended=()):
    """org/a -> org/b (chosen) -> org/i (removed); org/f once the parent of org/b."""
    nodes = {m["key"]: m for m in [
        model("org/a"), model("org/b"), model("org/f"),
        model("org/i", removed=True, removed_at=GONE, removed_snapshot="s2")]}
    levels = {"org/a": -1, "org/b": 0, "org/f": -1, "org/i": 1}
    return FamilyTree("org/b", nodes, [("org/a", "org/b", "FINETUNE"),
                                       ("org/b", "org/i", "FINETUNE")], levels,
                      ended=list(ended))


ENDED = {"parent": "org/f", "child": "org/b", "relation": "QUANTIZATION", "ended_at": GONE,
         "ended_snapshot": "s2"}


def test_a_removed_model_is_greyed_dashed_labelled_and_dated():
    nodes, _ = drawn(tree_drawing(tree()))
    by_id = {n["id"]: n for n in nodes}
    removed = by_id["org/i"]
    assert removed["label"].startswith("org/i (removed)")
    assert removed["color"] == REMOVED_COLOUR and removed["shapeProperties"]["borderDashes"]
    assert "2026-03-01" in removed["title"] and "s2" in removed["title"]
    # Models not removed are drawn as before.
    assert by_id["org/a"]["color"] == MODEL_COLOUR
    assert by_id["org/a"]["shapeProperties"]["borderDashes"] is False
    assert "(removed)" not in by_id["org/a"]["label"] and by_id["org/b"]["color"] == FOCUS_COLOUR
    legend = {row["text"]: row for row in tree_drawing(tree())["legend"]}
    assert legend["removed (kept with its history)"]["dashed"]


def test_ended_edges_are_drawn_only_when_the_tree_holds_them():
    _, edges = drawn(tree_drawing(tree()))
    assert {(e["from"], e["to"]) for e in edges} == {("org/a", "org/b"), ("org/b", "org/i")}
    assert "ended (no longer declared)" not in {r["text"] for r in tree_drawing(tree())["legend"]}
    drawing = tree_drawing(tree([ENDED]))
    _, edges = drawn(drawing)
    [ended] = [e for e in edges if e["from"] == "org/f"]
    assert (ended["to"], ended["label"], ended["dashes"], ended["color"]) == (
        "org/b", "ended quantization 2026-03-01", True, ENDED_COLOUR)
    assert "s2" in ended["title"]
    assert "ended (no longer declared)" in {r["text"] for r in drawing["legend"]}
    # Hidden with a model the day slider hides.
    late = tree([ENDED])
    late.nodes["org/f"]["created_at"] = dt.datetime(2026, 1, 1)
    _, edges = drawn(tree_drawing(late, as_of=dt.date(2025, 1, 1)))
    assert not [e for e in edges if e["from"] == "org/f"]


def test_changes_read_as_text():
    rows = [{"at": GONE, "snapshot": "s2", "model": "org/b", "kind": "license",
             "before": ["apache-2.0"], "after": ["mit"], "relation": None},
            {"at": GONE + dt.timedelta(days=1), "snapshot": "s3", "model": "org/d",
             "kind": "parent_added", "before": None, "after": "org/c2",
             "relation": "quantization"},
            {"at": GONE, "snapshot": "s2", "model": "org/g", "kind": "card", "before": None,
             "after": 1204, "relation": None}]
    table = changes.table_rows(rows)  # in the order read (the app reads newest first)
    assert [r["model"] for r in table] == ["org/b", "org/d", "org/g"]
    assert table[2] == {"model": "org/g", "kind": "card", "before": "", "after": "1204",
                        "relation": "", "when": "2026-03-01 09:30 UTC"}
    assert [r["before → after"] for r in changes.history_rows(rows)] == [
        "apache-2.0 → mit", "now declares org/c2 (quantization)",
        "no card → 1,204 characters"]
    assert changes.counts_of(rows) == {"license": 1, "card": 1, "parent_added": 1}
    assert changes.window_since("all", None, dt.date(2026, 3, 8)) is None
    assert changes.window_since("last 30 days", None, dt.date(2026, 3, 31)) == "2026-03-01"
    assert changes.window_since(changes.LAST_LOAD, None, dt.date(2026, 3, 8)) is None
