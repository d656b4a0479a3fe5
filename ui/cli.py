"""The ``lineage`` command line. Thin: each command calls a library function and formats what
it returns. Failures print one line that says what to do and exit 1; misuse exits 2."""

from __future__ import annotations

import sys

import click

from lineage import __version__
from lineage.errors import LineageError
from lineage.ui.commands import (
    analyze,
    compute,
    db,
    explore,
    export,
    generate,
    hub,
    kin,
    load,
    report,
    serve,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="lineage")
def cli() -> None:
    """Browse, query and report on the family trees of Hugging Face models in Neo4j.

    Connection settings come from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE
    (see the README for every setting).
    """


cli.add_command(db.db)
cli.add_command(load.load)
for command in hub.COMMANDS:
    load.load.add_command(command)
cli.add_command(export.export)
for command in explore.COMMANDS:
    cli.add_command(command)
cli.add_command(serve.ui)
cli.add_command(generate.generate)
cli.add_command(compute.compute)
for command in kin.COMMANDS:
    cli.add_command(command)
cli.add_command(analyze.analyze)
cli.add_command(report.report)
cli.add_command(report.review)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``lineage`` console script."""
    try:
        cli.main(args=argv, prog_name="lineage", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except LineageError as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    sys.exit(0)
