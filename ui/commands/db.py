"""``lineage db``: the local Neo4j server and the schema."""

from __future__ import annotations

import click

from lineage.cypher import schema
from lineage.localneo4j.server import NEO4J_VERSION, LocalServer
from lineage.ui.commands.common import connected, settings


@click.group()
def db() -> None:
    """Run a local Neo4j server (no Docker needed) and set up the schema."""


def _server() -> LocalServer:
    return LocalServer(settings(), say=lambda text: click.echo(text, err=True))


@db.command(help=f"""Start the local Neo4j {NEO4J_VERSION} server and wait until it answers.

    The first start fetches Neo4j from Maven Central (cached afterwards) and, unless
    NEO4J_PASSWORD is set, generates a password kept in $LINEAGE_HOME/credentials.env.
    Starting a running server does nothing.""")
def start() -> None:
    status = _server().start()
    click.echo(status.describe())


@db.command()
def stop() -> None:
    """Stop the local Neo4j server cleanly."""
    _server().stop()


@db.command()
def status() -> None:
    """Say whether the local server runs, its version and data directory (exit code 3 when
    it does not run)."""
    current = _server().status()
    click.echo(current.describe())
    if not current.running:
        raise SystemExit(3)


@db.command()
def init() -> None:
    """Create the constraints and indexes the queries need (idempotent) and record the
    schema version."""
    with connected() as graph:
        before, after = schema.apply(graph)
    if before == after:
        click.echo(f"Schema is up to date (version {after}).")
    else:
        click.echo(f"Schema migrated from version {before} to {after}.")


@db.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def clear(yes: bool) -> None:
    """Delete every model, edge, card and snapshot from the database (keeps the schema)."""
    current = settings()
    if not yes:
        click.confirm(f"Delete everything in database {current.database!r} at {current.uri}?",
                      abort=True)
    with connected() as graph:
        graph.run("admin/clear")
        schema.apply(graph)
    click.echo("Database cleared.")
