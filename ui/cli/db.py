"""``lineage db``: the local Neo4j server and the schema."""

from __future__ import annotations

from pathlib import Path

import click

from lineage.loader.files import FORMATS
from lineage.localneo4j.server import NEO4J_VERSION
from lineage.ui.cli.common import explorer


@click.group()
def db() -> None:
    """Run a local Neo4j server (no Docker needed) and set up the schema."""


def _say(text: str) -> None:
    click.echo(text, err=True)


@db.command(help=f"""Start the local Neo4j {NEO4J_VERSION} server and wait until it answers.

    The first start fetches Neo4j from Maven Central (cached afterwards) and, unless
    NEO4J_PASSWORD is set, generates a password kept in $LINEAGE_HOME/credentials.env.
    Starting a running server does nothing.""")
def start() -> None:
    with explorer() as lineage:
        status = lineage.server(_say).start()
    click.echo(status.describe())


@db.command()
def stop() -> None:
    """Stop the local Neo4j server cleanly."""
    with explorer() as lineage:
        lineage.server(_say).stop()


@db.command()
def status() -> None:
    """Say whether the local server runs, its version and data directory (exit code 3 when
    it does not run)."""
    with explorer() as lineage:
        current = lineage.server(_say).status()
    click.echo(current.describe())
    if not current.running:
        raise SystemExit(3)


@db.command()
def init() -> None:
    """Create the constraints and indexes the queries need (idempotent) and record the
    schema version."""
    with explorer() as lineage:
        before, after = lineage.init_schema()
    if before == after:
        click.echo(f"Schema is up to date (version {after}).")
    else:
        click.echo(f"Schema migrated from version {before} to {after}.")


@db.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def clear(yes: bool) -> None:
    """Delete every model, edge, card and snapshot from the database (keeps the schema)."""
    with explorer() as lineage:
        current = lineage.settings
        if not yes:
            click.confirm(f"Delete everything in database {current.database!r} at "
                          f"{current.uri}?", abort=True)
        lineage.clear()
    click.echo("Database cleared.")


@db.command()
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
def backup(path: Path) -> None:
    """Back the graph and its card texts up to the new folder PATH: Neo4j's own dump (the
    local server is stopped for it and started again) beside a copy of the card text store.
    The server's users and passwords are not in it."""
    with explorer() as lineage:
        made = lineage.backup(path, say=_say)
    models = "" if made.models is None else f"{made.models:,} models, "
    click.echo(f"Backed up database {made.database!r} ({models}card texts: "
               f"{'yes' if made.cards else 'none'}) to {made.path}.")


@db.command()
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace a graph that holds models.")
def restore(path: Path, yes: bool) -> None:
    """Replace the graph and its card texts with the backup in PATH (made by `lineage db
    backup`). Refused over a graph that holds models unless --yes; the server runs afterwards
    when it ran before."""
    with explorer() as lineage:
        made = lineage.restore(path, replace=yes, say=_say)
        running = lineage.server().status().running
    click.echo(f"Restored database {made.database!r} from the backup made at {made.made_at}"
               + ("." if running else "; start the server with `lineage db start`."))


@db.command("import")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)),
              help="Read every file as this format instead of recognising it.")
@click.option("--rejects", type=click.Path(dir_okay=False, path_type=Path),
              help="JSONL file for rejected rows and edges [default: "
                   "$LINEAGE_HOME/rejects/<time>.jsonl].")
@click.option("--yes", is_flag=True, help="Replace the database if it already exists.")
def import_(paths: tuple[Path, ...], fmt: str | None, rejects: Path | None, yes: bool) -> None:
    """First load into an empty database, offline: the fastest way in for a big file.

    The local server must be stopped (`lineage db stop`). The files go through the same readers
    and lineage rules as `lineage load file`, then `neo4j-admin database import` writes the
    store directly, replacing the database (--yes), and the server is started again. The graph
    measures are written with the models, so the first `lineage compute` only checks them.
    """
    from lineage.ui.cli.progress import console, load_progress, summary_table

    with explorer() as lineage:
        lineage.check_import(yes)
        total = sum(path.stat().st_size for path in paths)
        with load_progress("Converting", total) as (on_rows, on_bytes):
            summary = lineage.import_files(paths, fmt=fmt, replace=yes,
                                           rejects_path=rejects or lineage.default_rejects_path(),
                                           on_rows=on_rows, on_bytes=on_bytes, say=_say)
    console.print(summary_table(summary))
