"""The ``lineage`` command line. Thin: each command calls a library function and formats what
it returns. Failures print one line that says what to do and exit 1; misuse exits 2."""

from __future__ import annotations

import errno
import importlib
import sys

import click

from lineage import __version__
from lineage.errors import DiskFull, LineageError
from lineage.settings import Settings

#: Each command and where it is defined ("module:attribute" under ``lineage.ui.cli``).
#: A command's module is imported only when that command runs (or when help lists them all):
#: the analyses' scientific libraries alone take seconds to import, and a lineage report or a
#: kin query should not wait for them.
COMMANDS = {
    "db": "db:db",
    "load": "load:load",
    "export": "export:export",
    "search": "explore:search",
    "family": "explore:family",
    "queries": "explore:list_queries",
    "query": "explore:query",
    "cypher": "explore:cypher",
    "ui": "serve:ui",
    "generate": "generate:generate",
    "compute": "compute:compute",
    "infer": "infer:infer",
    "kin": "kin:kin_command",
    "stats": "stats:stats",
    "changes": "changes:changes",
    "analyze": "analyze:analyze",
    "report": "report:report",
    "review": "report:review",
}
#: Subcommands defined in another module than their group's.
SUBCOMMANDS = {"load": ("hub:hub", "hub:dataset")}


def _command(where: str) -> click.Command:
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(f"lineage.ui.cli.{module}"), name)


class LazyGroup(click.Group):
    """A group whose commands (``COMMANDS``) are imported when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            command = _command(COMMANDS[cmd_name])
            if isinstance(command, click.Group):
                for where in SUBCOMMANDS.get(cmd_name, ()):
                    command.add_command(_command(where))
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="lineage")
def cli() -> None:
    """Browse, query and report on the family trees of Hugging Face models in Neo4j.

    Connection settings come from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE
    (see the README for every setting).
    """


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
    except OSError as err:
        if err.errno != errno.ENOSPC:
            raise
        full = DiskFull.at(err.filename or Settings.from_env().home, "writing a file")
        click.echo(f"Error: {full}", err=True)
        sys.exit(full.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    sys.exit(0)
