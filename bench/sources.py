"""Figures for the JSONL export and the Hub crawl, each beside a baseline, as ratios.

Starts its own local Neo4j (a throwaway home) and a local stand-in Hub, makes N Hub-shaped
models (a forest of finetunes, quantizations, adapters and merges), and measures:

* export: `lineage export jsonl` (lines built and checked) against streaming the same batches
  from Neo4j without writing lines;
* crawl: `lineage load hub --all` against the stand-in Hub against loading the same model
  objects from a JSONL file (no HTTP).

    .venv/bin/python bench/sources.py [N]
"""

from __future__ import annotations

import json
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lineage.cypher import schema  # noqa: E402
from lineage.cypher.client import Graph  # noqa: E402
from lineage.loader.files import load_files  # noqa: E402
from lineage.loader.hub.api import HubAPI  # noqa: E402
from lineage.loader.hub.checkpoint import Checkpoint  # noqa: E402
from lineage.loader.hub.crawler import HubCrawl, load_hub  # noqa: E402
from lineage.loader.jsonlexport import export_jsonl  # noqa: E402
from lineage.localneo4j.server import LocalServer  # noqa: E402
from lineage.relations import Relation
from tests.conftest import free_port, test_settings  # noqa: E402
from tests.fakehub import FakeHub  # noqa: E402


def models(n: int) -> list[dict]:
    rng = random.Random(7)
    out = []
    for i in range(n):
        tags = ["transformers", "license:" + rng.choice(["mit", "apache-2.0", "llama3.1"]), "en"]
        if i and rng.random() < 0.6:
            relation = rng.choice(["finetune", "finetune", "quantized", "adapter", "merge"])
            for parent in {rng.randrange(i) for _ in range(2 if relation == "merge" else 1)}:
                tags += [f"base_model:org{parent % 97}/m{parent}",
                         f"base_model:{relation}:org{parent % 97}/m{parent}"]
        out.append({"_id": f"{i:024x}", "id": f"org{i % 97}/m{i}", "author": f"org{i % 97}",
                    "createdAt": "2024-01-01T00:00:00.000Z", "likes": rng.randrange(100),
                    "downloads": rng.randrange(10**6), "pipeline_tag": "text-generation",
                    "library_name": "transformers", "tags": tags})
    return out


def timed(fn):
    clock = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - clock


def main(n: int) -> None:
    home = Path(tempfile.mkdtemp(prefix="lineage-bench-"))
    settings = test_settings(home, free_port(), password=secrets.token_hex(12))
    server = LocalServer(settings)
    server.start()
    try:
        with Graph.connect(settings) as graph:
            schema.apply(graph)
            objects = models(n)
            source = home / "models.jsonl"
            source.write_text("".join(json.dumps(m) + "\n" for m in objects))

            _, file_seconds = timed(lambda: load_files(graph, [source],
                                                       rejects_path=home / "r0.jsonl"))
            _, export_seconds = timed(lambda: export_jsonl(graph, home / "out.jsonl"))
            types = Relation.types()

            def stream_only() -> int:
                after, count = "", 0
                while rows := graph.run("export/models", after=after, limit=5000,
                                        types=types):
                    after, count = rows[-1]["key"], count + len(rows)
                return count
            _, stream_seconds = timed(stream_only)

            graph.run("admin/clear")
            schema.apply(graph)
            with FakeHub(objects) as hub:
                api = HubAPI(hub.url)
                _, crawl_seconds = timed(lambda: load_hub(
                    graph, HubCrawl(api), checkpoint=Checkpoint(home / "cp.json"),
                    rejects_path=home / "r1.jsonl"))
        print(f"models: {n:,} (every parent is one of them)")
        print(f"export jsonl:        {n / export_seconds:10,.0f} models/s  "
              f"({export_seconds:.1f} s)")
        print(f"  baseline stream:   {n / stream_seconds:10,.0f} models/s  "
              f"ratio {stream_seconds / export_seconds:.2f}")
        print(f"load hub --all:      {n / crawl_seconds:10,.0f} models/s  ({crawl_seconds:.1f} s,"
              f" stand-in Hub on 127.0.0.1, 1,000 per page)")
        print(f"  baseline file:     {n / file_seconds:10,.0f} models/s  "
              f"ratio {file_seconds / crawl_seconds:.2f}")
    finally:
        server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
