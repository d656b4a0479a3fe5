"""The command line imports a command's module only when that command runs."""

import subprocess
import sys

import click

from lineage.ui.cli import COMMANDS, SUBCOMMANDS, cli

HEAVY = ("sklearn", "matplotlib", "scipy", "networkx", "streamlit",
         "lineage.analytics.jobs.analyses")


def test_every_command_is_listed_and_found_under_its_name():
    context = click.Context(cli)
    assert cli.list_commands(context) == sorted(COMMANDS)
    for name in COMMANDS:
        assert cli.get_command(context, name).name == name
    load = cli.get_command(context, "load")
    assert {"hub", "dataset"} <= set(load.list_commands(context))
    assert len(SUBCOMMANDS["load"]) == 2


def test_a_lineage_report_or_review_imports_none_of_the_analyses_libraries():
    code = ("import sys, click\n"
            "from lineage.ui.cli import cli\n"
            "context = click.Context(cli)\n"
            "for name in ('report', 'review', 'kin'):\n"
            "    cli.get_command(context, name)\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
