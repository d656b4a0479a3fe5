"""``lineage ui``: serve the Streamlit app (:mod:`lineage.ui.app`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from lineage.ui.cli.common import explorer

APP = Path(__file__).resolve().parent.parent / "app" / "main.py"


@click.command()
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Port to serve on [default: LINEAGE_UI_PORT, 8501].")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 to reach it from other machines).")
def ui(port: int | None, host: str) -> None:
    """Serve the app: search models, draw family trees, click through to relatives.

    Open http://HOST:PORT/?model=OWNER/NAME to start on a model; the address always names the
    model shown, so it can be shared. Needs a reachable database (see `lineage db start`).
    """
    with explorer() as lineage:
        current = lineage.settings
        lineage.graph  # noqa: B018 (fail here, clearly, if the database is not reachable)
    port = port or current.ui_port
    click.echo(f"Serving the lineage explorer at http://{host}:{port} (Ctrl-C to stop)",
               err=True)
    command = [sys.executable, "-m", "streamlit", "run", str(APP),
               "--server.port", str(port), "--server.address", host,
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--global.developmentMode", "false", "--client.toolbarMode", "viewer",
               # A served app's code does not change while it runs: watching its modules
               # would stat every imported file on each rerun of every session.
               "--server.fileWatcherType", "none", "--server.runOnSave", "false",
               # Streamlit collects every generation of garbage after each run by default,
               # which walks every object the caches hold: most of a warm rerun's time, and
               # it holds the interpreter lock from the other sessions. Python's own
               # collector still runs as usual.
               "--runner.postScriptGC", "false"]
    # Become the server (rather than wait for a child) so that signals reach it directly.
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, command)
