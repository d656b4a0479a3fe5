"""The app benchmark: first paint of each page, a 500-model tree, and interactions under load.

    flock /tmp/lineage-bench.lock .venv/bin/python bench/app.py --models 200000
    .venv/bin/python bench/app.py --url http://127.0.0.1:8501 --model ORG/NAME  # a running app

It starts its own Neo4j in a temporary home (memory from LINEAGE_NEO4J_HEAP and
LINEAGE_NEO4J_PAGECACHE), loads a synthetic ecosystem of ``--models`` models and serves the app
with the real ``lineage ui`` on 127.0.0.1, then measures in Debian's headless Chromium
(Playwright), every figure beside its baseline:

* **first paint** of each page, warm (the second visit, caches filled): from navigation to the
  page's own content visible. Baseline: a Streamlit page holding one title, served the same
  way (the floor of any Streamlit page).
* **a tree of 500 models**: walking (``family_tree``, 500-model budget) and drawing
  (``tree_html``) around the model with the largest family, in process. Baseline: reading the
  same 500 models' properties in one query (``models/get`` per model is what the walk avoids).
* **interactions under load**: ``--sessions`` browser pages at once (one Chromium, one context
  each, driven concurrently by Playwright's async API), each clicking from a model to its child
  and back ``--rounds`` times; each latency runs from the click to the new model's heading.
  Baseline: the same clicks from one session alone. p50 and p95 reported.

Everything is bounded and goes to 127.0.0.1 only. The server and Neo4j are stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from scale import bench_settings, env_for  # noqa: E402

from lineage.analytics.trees import family_tree  # noqa: E402
from lineage.cypher import schema  # noqa: E402
from lineage.cypher.client import Graph  # noqa: E402
from lineage.cypher.model import Relation  # noqa: E402
from lineage.localneo4j.server import LocalServer  # noqa: E402
from lineage.ui.graphview import tree_html  # noqa: E402
from tests.conftest import free_port  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"]
FLOOR_APP = 'import streamlit as st\nst.title("Floor")\n'
PAGES = {  # page -> (path, the text that shows its own content has painted)
    "Model": ("/?model={model}", "Generation, family and disruption"),
    "Ecosystem": ("/ecosystem", "Edges by relation"),
    "Compare": ("/compare?a={model}&b={child}", "Lineage between them"),
    "Query": ("/query?q=MATCH%20(m%3AModel)%20RETURN%20count(m)%20AS%20n", "1 row"),
}


def serve(command: list[str], port_option: str, env: dict[str, str], log: Path
          ) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen([*command, port_option, str(port)], env=env, stdout=log.open("w"),
                              stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return server, url
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the app did not start:\n{log.read_text()}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def first_paints(browser, url: str, model: str, child: str, floor: str) -> None:
    print("\nfirst paint, warm (median of 3, seconds)")
    page = await browser.new_page(viewport={"width": 1400, "height": 1000})

    async def paint(address: str, text: str) -> float:
        times = []
        for attempt in range(4):  # the first visit fills the caches
            start = time.perf_counter()
            await page.goto(address, timeout=120_000)
            await page.get_by_text(text, exact=False).first.wait_for(timeout=120_000)
            if attempt:
                times.append(time.perf_counter() - start)
        return statistics.median(times)

    base = await paint(f"{floor}/", "Floor")
    print(f"  {'baseline (one title)':<22}{base:8.2f}")
    for name, (path, text) in PAGES.items():
        seconds = await paint(url + path.format(model=model, child=child), text)
        print(f"  {name:<22}{seconds:8.2f}   x{seconds / base:.1f} the baseline"
              f"   {'under' if seconds < 2 else 'OVER'} 2 s")
    await page.close()


async def session(browser, url: str, model: str, child: str, rounds: int) -> list[float]:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    await page.goto(f"{url}/?model={model}", timeout=180_000)
    await page.get_by_role("heading", name=model, exact=True).wait_for(timeout=180_000)
    latencies = []
    here, there = model, child
    for _ in range(rounds):
        button = page.get_by_role("button", name=f"{there} ·").first
        start = time.perf_counter()
        await button.click(timeout=120_000)
        await page.get_by_role("heading", name=there, exact=True).wait_for(timeout=120_000)
        latencies.append(time.perf_counter() - start)
        here, there = there, here
    await context.close()
    return latencies


async def load_test(browser, url: str, model: str, child: str, sessions: int,
                    rounds: int) -> None:
    alone = await session(browser, url, model, child, rounds)
    together = await asyncio.gather(*(session(browser, url, model, child, rounds)
                                      for _ in range(sessions)))
    everyone = [t for latencies in together for t in latencies]
    print(f"\ninteraction latency (click to the new model's heading), {rounds} clicks each")
    for name, values in (("1 session (baseline)", alone),
                         (f"{sessions} sessions at once", everyone)):
        print(f"  {name:<24}p50 {pct(values, .5):6.2f} s   p95 {pct(values, .95):6.2f} s"
              f"   ({len(values)} clicks)")
    print(f"  p95 ratio x{pct(everyone, .95) / pct(alone, .95):.1f}"
          f"   {'under' if pct(everyone, .95) < 1 else 'OVER'} 1 s")


def tree_bench(graph: Graph, model: str) -> None:
    start = time.perf_counter()
    tree = family_tree(graph, model, up=10, down=10, max_nodes=500, per_parent=100)
    walked = time.perf_counter() - start
    start = time.perf_counter()
    tree_html(tree, 680)
    drawn = time.perf_counter() - start
    start = time.perf_counter()
    for key in tree.nodes:
        graph.run("models/get", id=key)
    one_by_one = time.perf_counter() - start
    print(f"\na tree of {len(tree.nodes)} models around {model}")
    print(f"  walk {walked:.2f} s + drawing {drawn:.2f} s = {walked + drawn:.2f} s   "
          f"{'under' if walked + drawn < 3 else 'OVER'} 3 s")
    print(f"  baseline: the same models read one query each {one_by_one:.2f} s   "
          f"x{(walked + drawn) / one_by_one:.2f}")


def pick(graph: Graph) -> tuple[str, str]:
    """A model with many descendants among the most downloaded, and its first child."""
    popular = graph.run("models/popular", types=Relation.types(), limit=50)
    model = popular[0]["id"]
    rows = graph.run("family/children", keys=[model.lower()], types=Relation.types(),
                     per_parent=1)
    return model, rows[0]["children"][0]["model"]["id"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", type=int, default=50_000)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory(prefix="lineage-bench-app-") as work:
        work = Path(work)
        settings = bench_settings(work / "home")
        env = env_for(settings)
        server = LocalServer(settings)
        server.start()
        apps = []
        try:
            with Graph.connect(settings) as graph:
                schema.apply(graph)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "lineage.ui", "load", "synthetic",
                            "--models", str(args.models)], env=env, check=True,
                           stdout=subprocess.DEVNULL)
            print(f"loaded {args.models:,} synthetic models in "
                  f"{time.perf_counter() - started:.0f} s")
            with Graph.connect(settings) as graph:
                model, child = pick(graph)
                tree_bench(graph, model)
            floor_script = work / "floor.py"
            floor_script.write_text(FLOOR_APP)
            lineage = [sys.executable, "-m", "lineage.ui", "ui"]
            app, url = serve(lineage, "--port", env, work / "ui.log")
            apps.append(app)
            floor, floor_url = serve([sys.executable, "-m", "streamlit", "run",
                                      str(floor_script), "--server.headless", "true",
                                      "--server.address", "127.0.0.1"],
                                     "--server.port", env, work / "floor.log")
            apps.append(floor)

            async def browse() -> None:
                async with async_playwright() as playwright:
                    browser = await playwright.chromium.launch(executable_path=CHROMIUM,
                                                               args=ARGS)
                    try:
                        await first_paints(browser, url, model, child, floor_url)
                        await load_test(browser, url, model, child, args.sessions,
                                        args.rounds)
                    finally:
                        await browser.close()

            asyncio.run(browse())
        finally:
            for app in apps:
                stop(app)
            server.stop()


if __name__ == "__main__":
    main()
