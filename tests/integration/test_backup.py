"""Backup, clear, restore: every read answers as it did before the backup, card texts included;
a restore over a graph that holds models is refused without --yes; a backup never lands half
written."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from lineage.errors import UsageError
from lineage.localneo4j.backup import MANIFEST
from lineage.localneo4j.server import LocalServer
from lineage.ui.explorer import Explorer
from lineage.ui.render.lineage_report import render
from tests.conftest import free_port, test_settings
from tests.families import FAMILY, hub_model

MADE = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
CARDS = {"org/base": "A base model, distilled from nowhere and merged with care.",
         "org/ft-a": "Fine-tuned from org/base for chat; merged with care later on."}


def write_family(path, models):
    path.write_text(json.dumps({"models": [
        {"model_id": m["id"], "metadata": json.dumps(m), "depth": 0, "children": "[]",
         "card": CARDS.get(m["id"], "")} for m in models]}))
    return path


def answers(explorer: Explorer) -> dict:
    """What the read commands answer, as the explorer gives it to them."""
    found = {"size": explorer.size(), "stats": explorer.stats(10),
             "topology": explorer.topology(None),
             "cards": explorer.search_cards("merged with care", 10),
             "search": explorer.search("org/", 20)}
    for model in ("org/base", "org/ft-a", "org/merged", "org/quant"):
        for kind in ("parents", "children", "siblings", "ancestors", "descendants", "roots"):
            found[f"{model} {kind}"] = explorer.kin(model, kind)
        found[f"{model} report"] = render(explorer.lineage_report(model, made_at=MADE), "json")
    found["path"] = dataclasses.asdict(explorer.kin_path("org/quant", "org/ft-b"))
    found["stats"].pop("computation")  # the run record: its id and times are the same anyway
    return found


@pytest.fixture
def server(tmp_path):
    server = LocalServer(test_settings(tmp_path / "home", free_port()))
    server.start()
    yield server
    if server.status().running:
        server.stop()


def test_backup_clear_restore_answers_as_before(server, tmp_path):
    explorer = Explorer(server.settings)
    explorer.load_files([write_family(tmp_path / "family.json", FAMILY)],
                        rejects_path=tmp_path / "rejects.jsonl")
    explorer.compute()
    before = answers(explorer)
    assert before["cards"] and before["size"]["models"] == 7
    made = explorer.backup(tmp_path / "backup")
    assert made.models == 7 and made.cards
    assert server.status().running  # stopped for the dump, started again
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    assert "password" in manifest["credentials"] and manifest["database"] == "neo4j"

    # A graph that changed since, restored only when told to.
    explorer.load_files([write_family(tmp_path / "late.json",
                                      [hub_model("org/late", 1, ("finetune", "org/base"))])],
                        rejects_path=tmp_path / "rejects.jsonl")
    with pytest.raises(UsageError, match="holds 8 models .* pass --yes"):
        explorer.restore(tmp_path / "backup")
    assert explorer.size()["models"] == 8
    explorer.restore(tmp_path / "backup", replace=True)
    assert server.status().running
    assert answers(explorer) == before

    # Cleared, then restored without --yes: an empty graph has nothing to lose.
    explorer.clear()
    assert explorer.size()["models"] == 0 and explorer.search_cards("merged with care") == []
    explorer.restore(tmp_path / "backup")
    assert answers(explorer) == before

    # With the server stopped, the restore leaves it stopped and the graph answers once started.
    server.stop()
    explorer.restore(tmp_path / "backup", replace=True)
    assert not server.status().running
    server.start()
    assert answers(explorer) == before
    explorer.close()


def test_a_backup_needs_a_new_folder_and_a_restore_a_backup(server, tmp_path):
    explorer = Explorer(server.settings)
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "something").write_text("x")
    with pytest.raises(UsageError, match="already exists: give a new folder"):
        explorer.backup(taken)
    with pytest.raises(UsageError, match="is not a backup"):
        explorer.restore(taken)
    assert not list(tmp_path.glob(".*.partial"))
    explorer.close()
