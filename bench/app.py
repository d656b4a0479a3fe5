"""The app benchmark: first paint of each page, a 500-model tree, and interactions under load.

    # an existing LINEAGE_HOME (imported and computed), read-only; its server is started and
    # stopped here (NEO4J_URI, NEO4J_PASSWORD, LINEAGE_NEO4J_HEAP/PAGECACHE from the environment)
    .venv/bin/python bench/app.py --home /path/to/home-1.86m-cards
    # or a synthetic ecosystem loaded into a temporary home
    .venv/bin/python bench/app.py --models 200000

The app is served with the real ``lineage ui`` on 127.0.0.1. Every figure beside its baseline:

* **first paint** of each page, warm (the median of three visits after a first one that fills
  the caches), in Debian's headless Chromium (Playwright): from navigation to the page's own
  content visible. Baseline: a Streamlit page holding one title, served the same way (the
  floor of any Streamlit page).
* **a tree of 500 models**, in the browser: on the Model page of the first of the largest
  families' roots whose tree reaches 500 models, with 10 generations up and down and the most
  children per model the page allows (500), "Most models drawn" is raised to 500; timed from
  that key press to the drawing of all 500 laid out and clickable (the walk is not cached: it
  is the first at that size). Its parts are timed in process too (walk, traits, drawing).
  Baseline: the same models' properties read in one query.
* **bytes per rerun** of the Model page (a click to a child and back, one websocket session),
  and with ``--before DIR`` the same from another checkout's app (its ``.venv``), served
  beside this one on the same database: the figure before a change.
* **interactions under load**: ``--sessions`` sessions at once: ``--browsers`` headless Chromium
  pages (click to the heading shown) and the rest Streamlit websocket clients
  (:mod:`tests.streamlit_client`: the same protocol messages a page sends, timed from the click's
  message to the server's "run finished" after every element of the new page arrived; no
  layout or painting). Each session opens the model, then ``--rounds`` times: clicks to its
  child, clicks back, opens the Ecosystem page and the model's address again (the websocket
  sessions; the Chromium pages click to the child and back), pausing ``--think`` seconds
  between interactions (a person reading), starts staggered over the first pause. Baseline:
  the same interactions from one websocket session alone. p50 and p95 reported, in all and
  per interaction.

Everything is bounded and goes to 127.0.0.1 only. The servers are stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402
from scale import bench_settings, env_for  # noqa: E402

from lineage.analytics.reads.stats import size  # noqa: E402
from lineage.analytics.reads.trees import drawing_facts, family_tree  # noqa: E402
from lineage.cypher import schema  # noqa: E402
from lineage.cypher.client import Graph  # noqa: E402
from lineage.localneo4j.server import LocalServer  # noqa: E402
from lineage.relations import Relation
from lineage.settings import Settings  # noqa: E402
from lineage.ui.app.views.model import PER_PARENT_MOST  # noqa: E402
from lineage.ui.render.drawing import tree_drawing  # noqa: E402
from tests.conftest import free_port  # noqa: E402
from tests.streamlit_client import AppSession  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"]
FLOOR_APP = 'import streamlit as st\nst.title("Floor")\n'
TREE = "iframe[title='Family tree']"
PAGES = {  # page -> (path, the text that shows its own content has painted)
    "Model": ("/?model={model}", "Generation, family and disruption"),
    "Ecosystem": ("/ecosystem", "Ecosystem analytics"),
    "Compare": ("/compare?a={model}&b={child}", "Nearest common ancestors"),
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


def quote(model_id: str) -> str:
    return urllib.parse.quote(model_id, safe="/")


async def first_paints(browser, url: str, model: str, child: str, floor: str) -> None:
    print("\nfirst paint, warm (median of 3 after a first visit, seconds)", flush=True)
    page = await browser.new_page(viewport={"width": 1400, "height": 1000})

    async def paint(address: str, text: str) -> tuple[float, float]:
        times = []
        for _ in range(4):
            start = time.perf_counter()
            await page.goto(address, timeout=300_000)
            await page.get_by_text(text, exact=False).first.wait_for(timeout=300_000)
            times.append(time.perf_counter() - start)
        return times[0], statistics.median(times[1:])

    _, base = await paint(f"{floor}/", "Floor")
    print(f"  {'baseline (one title)':<22}{base:8.2f}")
    for name, (path, text) in PAGES.items():
        first, seconds = await paint(url + path.format(model=quote(model), child=quote(child)),
                                     text)
        print(f"  {name:<22}{seconds:8.2f}   x{seconds / base:.1f} the baseline"
              f"   {'under' if seconds < 2 else 'OVER'} 2 s   (first visit {first:.2f} s)",
              flush=True)
    await page.close()


def drawn_count(count: int) -> str:
    """True in the page once the drawing holds ``count`` models, laid out and clickable."""
    return (f"() => {{ const f = document.querySelector(\"{TREE}[data-clickable]\");"
            f" return !!f && !!f.contentWindow.network"
            f" && f.contentWindow.network.body.data.nodes.length === {count}; }}")


async def browser_tree(browser, url: str, root: str, count: int) -> None:
    """The Model page drawing ``count`` (500) models, timed in the browser from the key press."""
    page = await browser.new_page(viewport={"width": 1400, "height": 1000})
    await page.goto(f"{url}/?model={quote(root)}", timeout=300_000)
    frame = page.locator(TREE)
    await frame.and_(page.locator("[data-clickable]")).wait_for(timeout=300_000)

    async def slide(label: str) -> None:
        """Raise a slider to its end; return once the run it starts has ended and the drawing
        it sent is laid out."""
        await page.get_by_role("slider", name=label).press("End")
        try:  # a quick run may have ended before it is seen running
            await page.wait_for_function(RUNNING, timeout=5_000)
        except PlaywrightTimeout:
            pass
        await page.wait_for_function(NOT_RUNNING, timeout=300_000)
        await frame.and_(page.locator("[data-clickable]")).wait_for(timeout=300_000)

    for label in ("Generations up", "Generations down", "Children per model"):
        await slide(label)
    start = time.perf_counter()
    await page.get_by_role("slider", name="Most models drawn").press("End")
    await page.wait_for_function(drawn_count(count), timeout=300_000, polling=20)
    seconds = time.perf_counter() - start
    print(f"\na tree of {count} models in the browser (key press to all of them drawn, laid "
          f"out and clickable): {seconds:.2f} s   {'under' if seconds < 3 else 'OVER'} 3 s",
          flush=True)
    await page.close()


RUNNING = "document.querySelector('[data-test-script-state=\"running\"]') !== null"
NOT_RUNNING = "document.querySelector('[data-test-script-state=\"notRunning\"]') !== null"


async def browser_session(browser, url: str, model: str, child: str, rounds: int,
                          think: float, delay: float) -> list[float]:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    await page.goto(f"{url}/?model={quote(model)}", timeout=300_000)
    await page.get_by_role("heading", name=model, exact=True).wait_for(timeout=300_000)
    await asyncio.sleep(delay)
    latencies = []
    there = child
    for _ in range(rounds):
        button = page.get_by_role("button", name=f"{there} ·").first
        start = time.perf_counter()
        await button.click(timeout=120_000)
        await page.get_by_role("heading", name=there, exact=True).wait_for(timeout=120_000)
        latencies.append(time.perf_counter() - start)
        there = model if there == child else child
        await asyncio.sleep(think)
    await context.close()
    return latencies


INTERACTIONS = ("click to a child", "click back to the parent", "open Ecosystem",
                "open the model's address")


def socket_session(url: str, model: str, child: str, rounds: int, think: float,
                   delay: float, out: dict[str, list[float]], sent: list[int] | None = None,
                   interactions: tuple[str, ...] = INTERACTIONS) -> None:
    """One websocket session's ``interactions``, timed into ``out`` by interaction; the bytes
    of each Model-page click go to ``sent``."""
    with AppSession(url, timeout=300) as session:
        session.open(f"/?model={quote(model)}")
        time.sleep(delay)
        for _ in range(rounds):
            for name in interactions:
                if name == "open Ecosystem":
                    run = session.open("/ecosystem")
                    shown = "Ecosystem"
                elif name == "open the model's address":
                    run = session.open(f"/?model={quote(model)}")
                    shown = model
                else:
                    shown = child if name == "click to a child" else model
                    run = session.click(f"{shown} ·")
                    if sent is not None:
                        sent.append(run.received)
                if shown not in run.headings():
                    raise SystemExit(f"{name} did not show {shown}: {run.headings()}")
                out.setdefault(name, []).append(run.seconds)
                time.sleep(think)


def print_latencies(title: str, by_interaction: dict[str, list[float]]) -> None:
    print(f"  {title}")
    for name, values in by_interaction.items():
        print(f"    {name:<34}p50 {pct(values, .5):6.2f} s   p95 {pct(values, .95):6.2f} s"
              f"   ({len(values)})")


async def load_test(browser, url: str, model: str, child: str, args) -> None:
    alone: dict[str, list[float]] = {}
    sent: list[int] = []
    socket_session(url, model, child, args.rounds, args.think, 0, alone, sent)
    print(f"\nbytes per Model-page rerun (a click to a child or back, one websocket session): "
          f"median {statistics.median(sent) / 1e3:,.0f} kB, largest {max(sent) / 1e3:,.0f} kB",
          flush=True)
    sockets: dict[str, list[float]] = {}
    count = args.sessions - args.browsers
    threads = [threading.Thread(target=socket_session,
                                args=(url, model, child, args.rounds, args.think,
                                      args.think * i / args.sessions, sockets))
               for i in range(count)]
    for thread in threads:
        thread.start()
    pages = await asyncio.gather(*(
        browser_session(browser, url, model, child, args.rounds, args.think,
                        args.think * (count + i) / args.sessions)
        for i in range(args.browsers)))
    for thread in threads:
        await asyncio.to_thread(thread.join)
    clicks = [t for latencies in pages for t in latencies]
    print(f"\ninteraction latency, {args.rounds} rounds per session, {args.think:g} s between "
          "interactions")
    print_latencies("1 websocket session alone (baseline)", alone)
    print_latencies(f"{count} websocket sessions, beside {args.browsers} Chromium pages",
                    sockets)
    if clicks:
        print_latencies(f"{args.browsers} Chromium pages (click to the new model's heading)",
                        {"click to a child or back": clicks})
    lonely = [t for values in alone.values() for t in values]
    everyone = [t for values in sockets.values() for t in values] + clicks
    for name, values in (("1 session alone: all", lonely),
                         (f"{args.sessions} at once: all", everyone)):
        print(f"  {name:<36}p50 {pct(values, .5):6.2f} s   p95 {pct(values, .95):6.2f} s"
              f"   ({len(values)})")
    print(f"  p95 ratio x{pct(everyone, .95) / pct(lonely, .95):.1f}"
          f"   {'under' if pct(everyone, .95) < 1 else 'OVER'} 1 s", flush=True)


def tree_parts(graph: Graph, root: str) -> None:
    start = time.perf_counter()
    tree = family_tree(graph, root, up=10, down=10, max_nodes=500, per_parent=PER_PARENT_MOST)
    walked = time.perf_counter() - start
    start = time.perf_counter()
    traits = drawing_facts(graph, list(tree.nodes))
    read = time.perf_counter() - start
    start = time.perf_counter()
    drawing = tree_drawing(tree, traits=traits)
    drawn = time.perf_counter() - start
    start = time.perf_counter()
    graph.run("family/traits", keys=list(tree.nodes))
    baseline = time.perf_counter() - start
    size = len(json.dumps(drawing, default=str)) / 1e3
    print(f"  its parts in process (a second walk): walk {walked:.2f} s + traits {read:.2f} s "
          f"+ drawing {drawn:.2f} s ({size:,.0f} kB of JSON) = {walked + read + drawn:.2f} s "
          f"for {len(tree.nodes)} models;"
          f" baseline: their traits in one query {baseline:.2f} s "
          f"(x{(walked + read + drawn) / baseline:.1f})", flush=True)


def query_times(graph: Graph, model: str) -> None:
    """Each read the pages make, once (cold, as the first visit after a start makes it)."""
    from lineage.analytics.reads import kin, reports

    reads = [(name, lambda name=name, params=params: graph.run(name, **params))
             for name, params in (
                 ("stats/graph", {}), ("models/popular", {"types": Relation.types(),
                                                          "limit": 50}),
                 ("stats/freshness", {}), ("stats/family_sizes", {}),
                 ("stats/largest_families", {"limit": 20}), ("stats/generations", {}),
                 ("stats/disruption_histogram", {"property": "mdi"}),
                 ("stats/disruption_extremes", {"property": "mdi", "sign": 1, "support": 5,
                                                "limit": 10}))]
    reads += [(f"kin {kind}", lambda kind=kind: kin.kin(graph, model, kind, None, 10))
              for kind in ("siblings", "cousins", "ancestors", "descendants")]
    reads.append(("lineage report", lambda: reports.lineage_report(graph, model, 10, 2)))
    print("\nthe pages' reads, each once, cold (seconds)")
    for name, read in reads:
        start = time.perf_counter()
        try:
            read()
            print(f"  {name:<30}{time.perf_counter() - start:8.2f}", flush=True)
        except Exception as err:  # a read past the query timeout is a figure too
            print(f"  {name:<30}{time.perf_counter() - start:8.2f}   {err}", flush=True)


def before(checkout: Path, env: dict[str, str], work: Path, model: str, child: str,
           rounds: int) -> None:
    """The Model page's clicks in another checkout's app, served on the same database."""
    app, url = serve([str(checkout / ".venv" / "bin" / "python"), "-m", "lineage.ui", "ui"],
                     "--port", env, work / "before.log")
    try:
        alone: dict[str, list[float]] = {}
        sent: list[int] = []
        with AppSession(url, timeout=300) as session:  # warm its caches, as the bench did
            session.open(f"/?model={quote(model)}")
            session.click(f"{child} ·")
            session.click(f"{model} ·")
        socket_session(url, model, child, rounds, 0.5, 0, alone, sent, INTERACTIONS[:2])
        print(f"\nbefore ({checkout}): bytes per Model-page rerun median "
              f"{statistics.median(sent) / 1e3:,.0f} kB, largest {max(sent) / 1e3:,.0f} kB")
        print_latencies("1 websocket session alone, before", alone)
    finally:
        stop(app)


def pick(graph: Graph) -> tuple[str, str]:
    """The first quick pick (the Model page's default) and its first child."""
    popular = graph.run("models/popular", types=Relation.types(), limit=50)
    model = popular[0]["id"]
    rows = graph.run("family/children", keys=[model.lower()], types=Relation.types(),
                     per_parent=1)
    return model, rows[0]["children"][0]["model"]["id"]


def pick_tree(graph: Graph, model: str, candidates: int = 10) -> tuple[str, str]:
    """The first of the largest families' roots whose tree (10 generations up and down, the
    most children per model the page allows) reaches 500 models, and its shape."""
    largest = graph.run("stats/largest_families", limit=candidates)
    roots = [row["root"] or row["family"] for row in largest] or [model]
    for root in roots:
        tree = family_tree(graph, root, up=10, down=10, max_nodes=500,
                           per_parent=PER_PARENT_MOST)
        if len(tree.nodes) == 500:
            break
    shape = collections.Counter(tree.levels.values())
    return root, len(tree.nodes), ", ".join(f"{shape[level]} in generation {level:+d}"
                                            for level in sorted(shape))


def main() -> None:

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, default=None,
                        help="an existing LINEAGE_HOME to serve (read-only); else --models")
    parser.add_argument("--models", type=int, default=50_000)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--browsers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--before", type=Path, default=None,
                        help="another checkout (with its .venv) whose app is measured beside "
                             "this one: bytes and latency per Model-page rerun, one session")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lineage-bench-app-") as work:
        work = Path(work)
        if args.home:
            settings = Settings.from_env({**os.environ, "LINEAGE_HOME": str(args.home)})
        else:
            settings = bench_settings(work / "home")
        env = env_for(settings)
        server = LocalServer(settings)
        started = time.perf_counter()
        server.start()
        print(f"Neo4j started in {time.perf_counter() - started:.0f} s", flush=True)
        apps = []
        try:
            if not args.home:
                with Graph.connect(settings) as graph:
                    schema.apply(graph)
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "lineage.ui", "load", "synthetic",
                                "--models", str(args.models)], env=env, check=True,
                               stdout=subprocess.DEVNULL)
                print(f"loaded {args.models:,} synthetic models in "
                      f"{time.perf_counter() - started:.0f} s")
            with Graph.connect(settings) as graph:
                stats = size(graph)
                print(f"{stats['models']:,} models, {stats['edges']:,} edges")
                started = time.perf_counter()
                model, child = pick(graph)
                root, count, shape = pick_tree(graph, model)
                print(f"picked {model} (child {child}); for the big tree {root} ({count} "
                      f"models: {shape}) in {time.perf_counter() - started:.1f} s", flush=True)
                query_times(graph, model)
            floor_script = work / "floor.py"
            floor_script.write_text(FLOOR_APP)
            app, url = serve([sys.executable, "-m", "lineage.ui", "ui"], "--port", env,
                             work / "ui.log")
            apps.append(app)
            floor, floor_url = serve([sys.executable, "-m", "streamlit", "run",
                                      str(floor_script), "--server.headless", "true",
                                      "--server.address", "127.0.0.1",
                                      "--server.fileWatcherType", "none"],
                                     "--server.port", env, work / "floor.log")
            apps.append(floor)

            async def browse() -> None:
                async with async_playwright() as playwright:
                    browser = await playwright.chromium.launch(executable_path=CHROMIUM,
                                                               args=ARGS)
                    try:
                        await first_paints(browser, url, model, child, floor_url)
                        await browser_tree(browser, url, root, count)
                        with Graph.connect(settings) as graph:
                            tree_parts(graph, root)
                        await load_test(browser, url, model, child, args)
                    finally:
                        await browser.close()

            asyncio.run(browse())
            if args.before:
                before(args.before, env, work, model, child, args.rounds)
        finally:
            for app in apps:
                stop(app)
            server.stop()


if __name__ == "__main__":
    main()
