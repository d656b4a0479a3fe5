"""The live-users benchmark: the app and its console answered while a load and a compute run.

    .venv/bin/python bench/live.py --models 300000
    .venv/bin/python bench/live.py --models 300000 --sessions 20 --consoles 5 --base 20000

A server of its own (temporary home; LINEAGE_NEO4J_HEAP / LINEAGE_NEO4J_PAGECACHE, default
4g/4g) holds a base ecosystem (``--base`` synthetic models, computed), and the real ``lineage
ui`` serves it. Then, twice, side by side:

After a first round that warms the app's caches:

* **quiet** (the baseline): ``--sessions`` app sessions browse (open a model, click to its child
  and back, open the Ecosystem page) and ``--consoles`` console sessions run a read on the
  Query page, for ``--rounds`` rounds;
* **busy** (the contender): the same, while ``lineage load file`` of a second ecosystem of
  ``--models`` models and then ``lineage compute`` run, round after round until both end.

The sessions speak Streamlit's websocket protocol (:mod:`tests.streamlit_client`, the driver
``bench/app.py`` uses), each timed from its message to the run's end. Printed: p50 and p95 of
each kind of interaction and in all, the busy p95 over the quiet one, every error a page showed,
and how many page views showed the banner that the graph is changing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from app import pct, pick, serve, stop  # noqa: E402
from scale import bench_settings, env_for  # noqa: E402
from streamlit.proto.Alert_pb2 import Alert  # noqa: E402

from lineage.cypher.client import Graph  # noqa: E402
from lineage.localneo4j.server import LocalServer  # noqa: E402
from tests.streamlit_client import AppSession  # noqa: E402

LINEAGE = str(Path(sys.executable).with_name("lineage"))
CONSOLE_QUERY = ("MATCH (m:Model) WHERE m.downloads > 100 RETURN m.id AS id, m.downloads AS "
                 "downloads ORDER BY downloads DESC LIMIT 20")
BANNER = "The graph is changing"


class Tally:
    """Latencies by interaction, errors and banners, from every session (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seconds: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.views = 0
        self.banners = 0

    def add(self, name: str, run) -> None:
        alerts = run.of_kind("alert")
        errors = [a.body for a in alerts if a.format == Alert.ERROR]
        errors += [e.message for e in run.of_kind("exception")]
        with self.lock:
            self.seconds.setdefault(name, []).append(run.seconds)
            self.errors += [f"{name}: {e[:200]}" for e in errors]
            self.views += 1
            self.banners += any(BANNER in a.body for a in alerts)

    def all(self) -> list[float]:
        return [s for values in self.seconds.values() for s in values]


def browse(url: str, model: str, child: str, tally: Tally, more, think: float) -> None:
    quoted = urllib.parse.quote(model, safe="/")
    with AppSession(url, timeout=300) as session:
        tally.add("open a model", session.open(f"/?model={quoted}"))
        while more():
            tally.add("click to a child", session.click(f"{child} ·"))
            time.sleep(think)
            tally.add("click back to the parent", session.click(f"{model} ·"))
            time.sleep(think)
            tally.add("open Ecosystem", session.open("/ecosystem"))
            time.sleep(think)
            tally.add("open the model again", session.open(f"/?model={quoted}"))
            time.sleep(think)


def console(url: str, tally: Tally, more, think: float) -> None:
    address = "/query?q=" + urllib.parse.quote(CONSOLE_QUERY)
    with AppSession(url, timeout=300) as session:
        while more():
            tally.add("console query", session.open(address))
            time.sleep(think)


def phase(url: str, model: str, child: str, args, more) -> Tally:
    tally = Tally()
    threads = [threading.Thread(target=browse, args=(url, model, child, tally, more, args.think))
               for _ in range(args.sessions)]
    threads += [threading.Thread(target=console, args=(url, tally, more, args.think))
                for _ in range(args.consoles)]
    for n, thread in enumerate(threads):
        thread.start()
        time.sleep(args.think / len(threads) * (n % 4))  # staggered starts
    for thread in threads:
        thread.join()
    return tally


def rounds(count: int):
    """A ``more`` that says yes ``count`` times per caller."""
    local = threading.local()

    def more() -> bool:
        local.n = getattr(local, "n", 0) + 1
        return local.n <= count

    return more


def report(title: str, tally: Tally) -> None:
    print(f"\n{title}: {tally.views} page views, {len(tally.errors)} errors, "
          f"{tally.banners} with the changing banner")
    for name, values in tally.seconds.items():
        print(f"  {name:<26} p50 {pct(values, .5):5.2f} s   p95 {pct(values, .95):5.2f} s   "
              f"({len(values)})")
    everything = tally.all()
    print(f"  {'all':<26} p50 {pct(everything, .5):5.2f} s   p95 {pct(everything, .95):5.2f} s")
    for error in tally.errors[:10]:
        print(f"  error: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=300_000)
    parser.add_argument("--base", type=int, default=20_000)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--consoles", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--think", type=float, default=2.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lineage-live-") as folder:
        work = Path(folder)
        settings = bench_settings(work / "home")
        server = LocalServer(settings)
        server.start()
        settings = server.settings
        env = env_for(settings)
        app = None
        try:
            big = work / "big.parquet"
            subprocess.run([LINEAGE, "generate", "--models", str(args.models), "--seed", "2",
                            "--no-cards", "-o", str(big)], env=env, check=True,
                           stdout=subprocess.DEVNULL)
            subprocess.run([LINEAGE, "load", "synthetic", "--models", str(args.base), "--seed",
                            "1"], env=env, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            subprocess.run([LINEAGE, "compute"], env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with Graph.connect(settings) as graph:
                model, child = pick(graph)
            app, url = serve([LINEAGE, "ui"], "--port", env, work / "ui.log")
            print(f"{args.sessions} app sessions and {args.consoles} console sessions on "
                  f"{args.base:,} models (model {model}, child {child}); load of "
                  f"{args.models:,} models then compute in the busy phase", flush=True)
            phase(url, model, child, args, rounds(1))  # warm the caches, as a team would
            quiet = phase(url, model, child, args, rounds(args.rounds))
            report("quiet (baseline)", quiet)
            load_average = os.getloadavg()
            started = time.perf_counter()
            job = subprocess.Popen(
                ["sh", "-c", f'"{LINEAGE}" load file "{big}" && "{LINEAGE}" compute'],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            busy = phase(url, model, child, args, lambda: job.poll() is None)
            job.wait()
            seconds = time.perf_counter() - started
            report(f"busy: during the load and the compute ({seconds:.0f} s, exit "
                   f"{job.returncode})", busy)
            ratio = pct(busy.all(), .95) / max(pct(quiet.all(), .95), 1e-9)
            print(f"\np95 busy / quiet: {ratio:.1f}x;  busy p95 "
                  f"{'under' if pct(busy.all(), .95) < 2 else 'OVER'} 2 s;  load average "
                  f"{load_average[0]:.1f} before the busy phase, {os.getloadavg()[0]:.1f} after")
        finally:
            if app is not None:
                stop(app)
            server.stop()


if __name__ == "__main__":
    main()
