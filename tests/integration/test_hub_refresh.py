"""Refreshing from the Hub: ``lineage load hub --all --since``, and what a complete listing
marks removed, against the local stand-in of the Hub and a real Neo4j."""

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from lineage.loader.hub.api import HubAPI, HubUnavailable
from lineage.loader.hub.checkpoint import Checkpoint
from lineage.loader.hub.crawler import HubCrawl
from lineage.ui.cli import cli, main
from tests.fakehub import FakeHub
from tests.integration.test_crawl_load import graph_contents
from tests.integration.test_hub_load import run


def model(model_id, modified, *parents, licence="mit", **fields):
    tags = ["transformers", f"license:{licence}"]
    for relation, parent in parents:
        tags += [f"base_model:{parent}", f"base_model:{relation}:{parent}"]
    return {"_id": model_id.replace("/", "-").ljust(24, "0")[:24], "id": model_id,
            "tags": tags, "lastModified": modified, "downloads": 10, **fields}


def january():
    """Twelve models modified one a day in January 2025 (listed in that order), m1..m11 each a
    finetune of the one before."""
    return [model(f"org/m{i}", f"2025-01-{i + 1:02d}T12:00:00.000Z",
                  *([("finetune", f"org/m{i - 1}")] if i else []))
            for i in range(12)]


def node(graph, model_id):
    return graph.run("models/get", id=model_id)[0]["model"]


def removed(graph):
    return {r["id"] for r in graph.adhoc("MATCH (m:Model:Removed) RETURN m.id AS id").rows}


def test_a_refresh_since_a_date_reads_only_what_changed(graph, tmp_path):
    with FakeHub(january()) as hub:
        api = HubAPI(hub.url, backoff=0.01, page_size=3)
        first = run(graph, HubCrawl(api), tmp_path)
        assert first.rows == 12 and first.complete and first.removed == 0

        # February on the Hub: two models change (a licence, a new parent), two are new, and
        # one gains downloads without a new commit, so its lastModified stays.
        hub.put(model("org/m2", "2025-02-10T00:00:00.000Z", ("finetune", "org/m1"),
                      licence="apache-2.0"))
        hub.put(model("org/m5", "2025-02-05T00:00:00.000Z", ("finetune", "org/m0")))
        hub.put(model("org/new1", "2025-02-20T00:00:00.000Z", ("finetune", "org/m2")))
        hub.put(model("org/new2", "2025-02-21T00:00:00.000Z"))
        hub.put(model("org/m7", "2025-01-08T12:00:00.000Z", ("finetune", "org/m6"),
                      downloads=999))
        before = len(hub.requests)
        said = []
        crawl = HubCrawl(api, since=dt.datetime(2025, 2, 1), say=said.append)
        summary = run(graph, crawl, tmp_path)
        asked = hub.requests[before:]

    # Newest first, three a page: new2 new1 m2 | m5, then m11 (January) ends the crawl.
    listings = [r for r in asked if r.path == "/api/models"]
    assert len(listings) == 2 and listings[0].query["sort"] == ["lastModified"]
    assert listings[0].query["direction"] == ["-1"] and "cursor" in listings[1].query
    assert not [r for r in asked if r.path != "/api/models"]
    assert said == ["Stopped at the --since boundary on page 2, at org/m11, last modified "
                    "2025-01-12T12:00:00+00:00: 4 models modified since "
                    "2025-02-01T00:00:00+00:00 were read"]
    assert (summary.rows, summary.models_new, summary.models_updated) == (4, 2, 2)
    # A partial listing: the eight models it did not reach are not gone.
    assert not summary.complete and summary.removed == 0 and not removed(graph)
    assert summary.source.endswith("all models since 2025-02-01T00:00:00+00:00")

    assert node(graph, "org/m2")["licenses"] == ["apache-2.0"]
    assert node(graph, "org/m7")["downloads"] == 10  # not modified, so not read again
    _, edges = graph_contents(graph)
    assert {("org/m0", "org/m5", "FINETUNE"), ("org/m2", "org/new1", "FINETUNE")} <= edges
    assert ("org/m4", "org/m5", "FINETUNE") not in edges  # m5 no longer declares it
    assert len(graph_contents(graph)[0]) == 14


def test_a_complete_listing_resumed_marks_removed_only_what_no_run_saw(graph, tmp_path):
    with FakeHub(january()) as hub:
        api = HubAPI(hub.url, backoff=0.01, page_size=3, retries=1)
        original = api.pages

        def failing_pages(url, number=1):
            # After page 2 the listing fails for good (1 try + 1 retry).
            for page in original(url, number):
                yield page
                if page.number == 2:
                    hub.fail("/api/models", 500, times=2)
        api.pages = failing_pages
        with pytest.raises(HubUnavailable, match="run the same command again"):
            run(graph, HubCrawl(api), tmp_path)
        [failed] = graph.adhoc("MATCH (s:Snapshot) RETURN s.id AS id").rows
        state = json.loads((tmp_path / "checkpoint.json").read_text())
        assert state["snapshots"] == [failed["id"]] and state["page"] == 3

        # The second run reads pages 3 and 4 only; pages 1 and 2 were the first run's.
        api.pages = original
        resumed = run(graph, HubCrawl(api), tmp_path)
        assert resumed.rows == 6 and resumed.complete
        assert resumed.removed == 0 and not removed(graph)

        # A model gone from the Hub: the next complete listing marks it removed; a refresh
        # since a moment, which never sees the whole Hub, would not have.
        hub.models = [m for m in hub.models if m["id"] != "org/m11"]
        del hub.by_key["org/m11"]
        partial = run(graph, HubCrawl(api, since=dt.datetime(2025, 1, 10)), tmp_path)
        assert partial.rows == 2 and partial.removed == 0 and not removed(graph)
        again = run(graph, HubCrawl(api), tmp_path)
        assert again.removed == 1 and removed(graph) == {"org/m11"}
        # Bounded by --max-models, the listing is partial too.
        assert not HubCrawl(api, max_models=3).complete

        # A checkpoint from before the runs were kept cannot say what its runs read.
        said = []
        Checkpoint(tmp_path / "checkpoint.json").save({"mode": "all", "url": None, "page": 9,
                                                       "count": 11})
        old = run(graph, HubCrawl(api), tmp_path, say=said.append)
        assert not old.complete and old.removed == 0
        assert any("marks no model removed" in text for text in said)


def test_the_command_refreshes_since_the_last_complete_load(graph, cli_env, monkeypatch,
                                                             capsys, tmp_path):
    with FakeHub(january()) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        rejects = ["--rejects", str(tmp_path / "r.jsonl")]
        # Misuse exits 2 with one line naming the fix.
        for args, message in (
                (["--family", "org/m0", "--since", "2025-01-01"], "use it with --all"),
                (["--all", "--since", "last"], "no complete hub load yet to start from"),
                (["--all", "--since", "yesterday"], "'yesterday' is neither a date")):
            with pytest.raises(SystemExit) as exit_:
                main(["load", "hub", *args, *rejects])
            assert exit_.value.code == 2
            assert message in " ".join(capsys.readouterr().err.split())
        assert not hub.listing_requests()  # refused before any request

        runner = CliRunner()
        result = runner.invoke(cli, ["load", "hub", "--all", *rejects])
        assert result.exit_code == 0, result.output
        later = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)).replace(
            tzinfo=None).isoformat(timespec="milliseconds") + "Z"
        hub.put(model("org/m3", later, ("finetune", "org/m2"), licence="apache-2.0"))
        hub.put(model("org/fresh", later, ("adapter", "org/m3")))
        before = len(hub.listing_requests())
        result = runner.invoke(cli, ["load", "hub", "--all", "--since", "last", *rejects])
        assert result.exit_code == 0, result.output
        output = " ".join(result.output.split())  # the console wraps long lines
        assert "Reading the models modified since" in output
        assert "(the start of the newest complete Hub load)" in output
        assert "Stopped at the --since boundary on page 1, at org/m11" in output
        assert len(hub.listing_requests()) - before == 1
        assert node(graph, "org/m3")["licenses"] == ["apache-2.0"]
        assert ("org/m3", "org/fresh", "ADAPTER") in graph_contents(graph)[1]
        # --since alone means last: the refresh is partial, so `last` is still the first load.
        result = runner.invoke(cli, ["load", "hub", "--all", "--since", *rejects])
        assert result.exit_code == 0, result.output
        assert "2 models modified since" in " ".join(result.output.split())
    loads = graph.adhoc("MATCH (s:Snapshot {kind: 'hub'}) RETURN s.rows AS rows, "
                        "s.complete_listing AS complete ORDER BY s.started_at").rows
    assert loads == [{"rows": 12, "complete": True}, {"rows": 2, "complete": False},
                     {"rows": 2, "complete": False}]
