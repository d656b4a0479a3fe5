"""Crawling the Hub into a real Neo4j, against a local stand-in of the Hub serving responses
built from the real crawls (the machine has no internet)."""

import collections
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from lineage.cypher import schema
from lineage.errors import UsageError
from lineage.loader.hub.api import HubAPI, HubUnavailable
from lineage.loader.hub.checkpoint import Checkpoint
from lineage.loader.hub.crawler import FamilyCrawl, HubCrawl, load_hub
from lineage.ui.cli import cli
from tests.fakehub import FakeHub, crawl_hub_data
from tests.integration.test_crawl_load import graph_contents

TYPES = {"finetune": "FINETUNE", "adapter": "ADAPTER", "quantized": "QUANTIZATION",
         "merge": "MERGE"}


def declared(model):
    """(parent key, type, word) a model object declares in its tags, by the README's rules."""
    typed, bare = set(), set()
    for tag in model.get("tags") or []:
        parts = tag.split(":")
        if parts[0] != "base_model":
            continue
        if len(parts) == 3:
            kind = TYPES.get(parts[1])
            typed.add((parts[2].lower(), kind or "DERIVATIVE", None if kind else parts[1]))
        else:
            bare.add(parts[1].lower())
    typed_parents = {p for p, _, _ in typed}
    return typed | {(p, "DERIVATIVE", None) for p in bare - typed_parents}


def expected_family(models, root, depth):
    """Nodes and edges of a family crawl, computed from the served objects: ancestors by the
    root's declarations, descendants as the models declaring a crawled model, generation by
    generation."""
    by_key = {m["id"].lower(): m for m in models}
    children = collections.defaultdict(list)
    for model in models:
        for parent, _, _ in declared(model):
            children[parent].append(model["id"].lower())
    crawled = {root.lower()}
    level = [root.lower()]
    for _ in range(depth):
        level = [p for k in level for p, _, _ in declared(by_key[k]) if p in by_key
                 and p not in crawled]
        crawled |= set(level)
    level = [root.lower()]
    for _ in range(depth):
        level = [c for k in level for c in children[k] if c not in crawled]
        crawled |= set(level)
    nodes, edges = set(crawled), set()
    for key in crawled:
        for parent, kind, _ in declared(by_key[key]):
            nodes.add(parent)
            edges.add((parent, key, kind))
    return nodes, edges


@pytest.fixture(scope="module")
def real_hub(crawls):
    models, readmes = crawl_hub_data(sorted(crawls.glob("*.json")))
    with FakeHub(models, readmes) as hub:
        yield hub


def api_for(hub, **options):
    said = []
    return HubAPI(hub.url, backoff=0.01, say=said.append, **options), said


def run(graph, crawl, tmp_path, **options):
    checkpoint = Checkpoint(tmp_path / "checkpoint.json")
    return load_hub(graph, crawl, checkpoint=checkpoint, rejects_path=tmp_path / "rejects.jsonl",
                    save_every=0, **options)


@pytest.mark.parametrize("root", ["EleutherAI/gpt-neox-20b", "deepseek-ai/DeepSeek-R1",
                                  "NousResearch/DeepHermes-3-Mistral-24B-Preview"])
def test_a_family_crawl_of_real_families(graph, real_hub, tmp_path, root):
    api, _ = api_for(real_hub, page_size=50)
    summary = run(graph, FamilyCrawl(api, root, depth=2, max_models=10_000), tmp_path)
    want_nodes, want_edges = expected_family(real_hub.models, root, 2)
    nodes, edges = graph_contents(graph)
    assert nodes == want_nodes and edges == want_edges
    assert summary.kind == "hub" and summary.rows == summary.models_new > 1
    assert not (tmp_path / "checkpoint.json").exists()


def test_a_crawl_stores_what_the_models_are_and_what_their_cards_name(graph, real_hub,
                                                                      tmp_path):
    api, _ = api_for(real_hub, page_size=50)
    run(graph, FamilyCrawl(api, "NousResearch/DeepHermes-3-Mistral-24B-Preview", depth=2,
                           max_models=100), tmp_path)
    rows = graph.adhoc("MATCH (m:Model) WHERE m.architecture IS NOT NULL RETURN m.id AS id, "
                       "m.architecture AS a, m.parameters AS p, m.chat_template_hash AS h").rows
    # Every model of the family is a 24B Mistral with the same chat template, as its crawl row.
    assert len(rows) == 5
    assert {(r["a"], r["p"], r["h"]) for r in rows} == {
        ("MistralForCausalLM", 23_572_464_640, "3f867c779f39dd0f")}
    run(graph, FamilyCrawl(api, "deepseek-ai/DeepSeek-R1", depth=0, max_models=10, cards=True),
        tmp_path)
    r1 = graph.run("models/get", id="deepseek-ai/DeepSeek-R1")[0]["model"]
    assert r1["card_mention_count"] == 14
    assert r1["card_mentions"][0] == "deepseek-ai/DeepSeek-R1-Zero"


def literal_family():
    """great -> grand -> root; root's children of every relation, a merge with a parent from
    outside, an unknown relation word, and descendants two and three generations down."""
    def model(model_id, *parents, **fields):
        tags = ["transformers"]
        for relation, parent in parents:
            tags.append(f"base_model:{parent}")
            tags.append(f"base_model:{relation}:{parent}")
        return {"_id": model_id.replace("/", "-").ljust(24, "0")[:24], "id": model_id,
                "tags": tags, "likes": len(model_id), **fields}

    return [
        model("org/great"),
        model("org/grand", ("finetune", "org/great")),
        model("org/root", ("finetune", "org/grand"), createdAt="2024-02-03T04:05:06.000Z"),
        model("org/ft", ("finetune", "org/root")),
        model("org/lora", ("adapter", "org/root")),
        model("org/gguf", ("quantized", "org/root")),
        model("org/merged", ("merge", "org/root"), ("merge", "other/model")),
        model("org/student", ("distill", "org/root")),
        model("org/ft-ft", ("finetune", "org/ft")),
        model("org/ft-ft-ft", ("finetune", "org/ft-ft")),
        model("stranger/unrelated"),
    ]


@pytest.fixture
def small_hub():
    with FakeHub(literal_family(), readmes={"org/root": "# Root\nA model card."}) as hub:
        yield hub


def test_a_family_crawl_finds_every_relation_within_its_depth(graph, small_hub, tmp_path):
    api, _ = api_for(small_hub, page_size=2)
    said = []
    summary = run(graph, FamilyCrawl(api, "ORG/root", depth=2, max_models=100), tmp_path,
                  say=said.append)
    # A crawl keeps the indexes up to date even into an empty graph: it may run for hours.
    assert not [text for text in said if "indexes" in text]
    nodes, edges = graph_contents(graph)
    assert nodes == {"org/great", "org/grand", "org/root", "org/ft", "org/lora", "org/gguf",
                     "org/merged", "org/student", "org/ft-ft", "other/model"}
    assert {("org/root", "org/ft", "FINETUNE"), ("org/root", "org/lora", "ADAPTER"),
            ("org/root", "org/gguf", "QUANTIZATION"), ("org/root", "org/merged", "MERGE"),
            ("other/model", "org/merged", "MERGE"), ("org/root", "org/student", "DERIVATIVE"),
            ("org/grand", "org/root", "FINETUNE"), ("org/ft", "org/ft-ft", "FINETUNE")} <= edges
    assert summary.unknown_relation_words == {"distill": 1}
    assert summary.placeholders_total == 1  # other/model, the merge's outside parent
    root = graph.run("models/get", id="org/root")[0]["model"]
    assert root["id"] == "org/root" and root["created_at"].year == 2024
    # One listing per parent (paged), filtered by the bare base_model tag.
    filters = {r.query["filter"][0] for r in small_hub.listing_requests()}
    assert filters == {"base_model:org/root", "base_model:org/ft", "base_model:org/lora",
                       "base_model:org/gguf", "base_model:org/merged", "base_model:org/student"}


def test_max_models_bounds_a_family_crawl(graph, small_hub, tmp_path):
    said = []
    api, _ = api_for(small_hub, page_size=2)
    summary = run(graph, FamilyCrawl(api, "org/root", depth=5, max_models=4,
                                     say=said.append), tmp_path)
    assert summary.rows == 4
    assert said and said[-1].startswith("Stopped at --max-models 4")


def test_an_unknown_root_is_a_clear_error(graph, small_hub, tmp_path):
    api, _ = api_for(small_hub)
    with pytest.raises(UsageError, match="has no model 'org/nothing'"):
        run(graph, FamilyCrawl(api, "org/nothing", depth=2, max_models=10), tmp_path)


def test_an_interrupted_crawl_resumes_where_it_stopped(graph, small_hub, tmp_path):
    api, _ = api_for(small_hub, page_size=2, retries=2)
    crawl = FamilyCrawl(api, "org/root", depth=2, max_models=100)
    original_pages = api.pages

    def failing_pages(url, number=1):
        # The second page of root's children fails for good: 1 try + 2 retries.
        for page in original_pages(url, number):
            yield page
            if "base_model%3Aorg%2Froot" in url and page.number == 1:
                small_hub.fail("/api/models", 500, times=3)
    api.pages = failing_pages
    with pytest.raises(HubUnavailable, match="run the same command again to resume from"):
        run(graph, crawl, tmp_path)
    state = json.loads((tmp_path / "checkpoint.json").read_text())
    assert state["listing"]["parent"] == "org/root" and state["listing"]["page"] == 2
    partial, _ = graph_contents(graph)
    assert {"org/root", "org/grand", "org/great"} <= partial and "org/ft-ft" not in partial
    failed = graph.adhoc("MATCH (s:Snapshot) RETURN s.status AS status").rows
    assert failed == [{"status": "failed"}]

    api.pages = original_pages
    resumed_from = len(small_hub.requests)
    summary = run(graph, FamilyCrawl(api, "org/root", depth=2, max_models=100), tmp_path)
    later = small_hub.requests[resumed_from:]
    assert "cursor" in later[0].query  # the listing went on from its second page
    assert not any(r.path.startswith("/api/models/") for r in later)  # no model re-read
    assert summary.rows >= 1 and not (tmp_path / "checkpoint.json").exists()
    resumed = graph_contents(graph)

    graph.run("admin/clear")
    schema.apply(graph)
    run(graph, FamilyCrawl(api, "org/root", depth=2, max_models=100), tmp_path)
    assert graph_contents(graph) == resumed


def test_rate_limits_and_broken_pages_in_a_whole_hub_crawl(graph, small_hub, tmp_path):
    said = []
    api = HubAPI(small_hub.url, backoff=0.01, retries=1, page_size=3, say=said.append)
    small_hub.rate_limit("/api/models", seconds=1)
    original = api._page

    def page_two_broken(url, number):
        if number == 2:
            small_hub.malformed("/api/models", times=2)
        return original(url, number)
    api._page = page_two_broken
    summary = run(graph, HubCrawl(api), tmp_path)
    assert said[0].startswith("Rate limited by the Hub ('api' quota used up")
    assert summary.rows == len(small_hub.models) - 3
    rejects = [json.loads(line) for line in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    [page] = [r for r in rejects if r["kind"] == "page"]
    assert page["position"].startswith("hub:all models, page 2 (http://127.0.0.1")
    assert page["reason"].startswith("page not read: the body is not valid JSON")


def test_cards_are_fetched_concurrently(graph, small_hub, tmp_path):
    api, _ = api_for(small_hub, page_size=4)
    summary = run(graph, HubCrawl(api, cards=True, concurrency=4), tmp_path)
    assert summary.cards == 1
    root = graph.run("models/get", id="org/root")[0]["model"]
    assert root["has_card"] is True and root["card_excerpt"] == "# Root\nA model card."
    assert graph.run("models/get", id="org/ft")[0]["model"]["has_card"] is False
    readme_requests = [r for r in small_hub.requests if r.path.endswith("/README.md")]
    assert len(readme_requests) == len(small_hub.models)


def test_the_commands_crawl_resume_and_restart(graph, cli_env, small_hub, monkeypatch,
                                               tmp_path):
    monkeypatch.setenv("HF_ENDPOINT", small_hub.url)
    runner = CliRunner()
    result = runner.invoke(cli, ["load", "hub", "--family", "org/root", "--depth", "1",
                                 "--rejects", str(tmp_path / "r.jsonl")])
    assert result.exit_code == 0, result.output
    nodes, _ = graph_contents(graph)
    assert nodes == {"org/great", "org/grand", "org/root", "org/ft", "org/lora", "org/gguf",
                     "org/merged", "org/student", "other/model"}
    # One generation up: grand is read, the parent it declares stays a placeholder.
    assert graph.run("models/get", id="org/great")[0]["model"]["placeholder"] is True
    assert "models/s" in result.output and "Load " in result.output
    checkpoints = cli_env.home / "checkpoints"
    assert not any(checkpoints.glob("*.json"))

    checkpoint = Checkpoint.for_crawl(cli_env.home, small_hub.url, "all")
    checkpoint.save({"mode": "all", "url": None, "page": 9, "count": 11})
    resumed = runner.invoke(cli, ["load", "hub", "--all"])
    assert resumed.exit_code == 0 and "Resuming the crawl from" in resumed.output
    assert "rows read" in resumed.output and not checkpoint.path.exists()
    checkpoint.save({"mode": "all", "url": None, "page": 9, "count": 11})
    again = runner.invoke(cli, ["load", "hub", "--all", "--restart", "--max-models", "5"])
    assert again.exit_code == 0, again.output
    assert graph.adhoc("MATCH (s:Snapshot {kind: 'hub'}) RETURN s.rows AS rows "
                       "ORDER BY s.started_at DESC LIMIT 1").rows == [{"rows": 5}]


def test_load_dataset_fetches_the_files_then_loads_them(graph, cli_env, monkeypatch, tmp_path):
    table = pa.table({
        "model_id": ["org/base", "org/child", "org/quant"],
        "likes": [10, 2, 0], "trendingScore": [1.0, 0.0, 0.0], "private": [False] * 3,
        "downloads": [100, 5, 1],
        "tags": ["['license:mit']", "['base_model:finetune:org/base']", "[]"],
        "pipeline_tag": ["text-generation"] * 3, "library_name": ["transformers"] * 3,
        "createdAt": ["2023-01-01T00:00:00.000Z"] * 3, "regions": ["['us']"] * 3,
        "licenses": ["['mit']", "[]", "[]"], "arxiv_papers": ["[]"] * 3,
        "datasets": ["[]"] * 3, "parent_model": ["[]", "['org/base']", "['org/child']"],
        "finetune_parent": ["[]", "['org/base']", "[]"], "quantized_parent": ["[]", "[]",
                                                                              "['org/child']"],
        "adapter_parent": ["[]"] * 3, "merge_parent": ["[]"] * 3,
        "languages": ["['English']", "[]", "[]"],
    })
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    files = {"data/train-00000-of-00001.parquet": buffer.getvalue(), "README.md": b"# Data"}
    with FakeHub([], datasets={"modelbiome/ai_ecosystem": files}) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
        monkeypatch.setattr("huggingface_hub.constants.HF_HUB_CACHE", str(tmp_path / "hf/hub"))
        result = CliRunner().invoke(cli, ["load", "dataset", "--rejects",
                                          str(tmp_path / "r.jsonl")])
        assert result.exit_code == 0, result.output
        fetched = [r.path for r in hub.requests if "/resolve/" in r.path]
        missing = CliRunner().invoke(cli, ["load", "dataset", "nobody/nothing"])
    assert isinstance(missing.exception, UsageError)  # `lineage` exits 2 with this message
    assert "has no dataset 'nobody/nothing'" in str(missing.exception)
    assert fetched and all(p.endswith(".parquet") for p in fetched)  # only the data files
    nodes, edges = graph_contents(graph)
    assert nodes == {"org/base", "org/child", "org/quant"}
    assert edges == {("org/base", "org/child", "FINETUNE"),
                     ("org/child", "org/quant", "QUANTIZATION")}
    assert graph.adhoc("MATCH (s:Snapshot) RETURN s.kind AS kind").rows == [{"kind": "dataset"}]
