"""Docs that cannot drift: every command, option, setting and named query is documented."""

from pathlib import Path

import click
import pytest

from lineage.cypher import queries
from lineage.settings import VARIABLES
from lineage.ui.cli import cli

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = README + "".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").glob("*.md")))


def commands(command=cli, path=("lineage",)):
    if isinstance(command, click.Group):
        # The top-level group imports each command when asked for it.
        context = click.Context(command)
        for name in command.list_commands(context):
            yield from commands(command.get_command(context, name), (*path, name))
    else:
        yield " ".join(path), command


@pytest.mark.parametrize("name,command", list(commands()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_is_in_the_readme_with_help_and_its_options_in_the_docs(name, command):
    assert f"`{name}" in README, f"{name} is missing from the README's command tables"
    assert command.help, f"{name} has no --help text"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help or param.opts[-1] in ("--format", "--output"), (
                f"{name} {param.opts[-1]} has no help text")
            assert param.opts[-1] in DOCS, f"{name} {param.opts[-1]} is not documented"


def test_every_setting_is_in_the_readme():
    for variable in VARIABLES:
        assert f"`{variable}`" in README, variable


def test_every_named_query_is_in_the_readme_or_docs():
    for name in queries.catalogue():
        assert f"`{name}`" in DOCS, f"query {name} is not documented"


def test_the_readme_opens_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "scripts/demo" in first_block and "scripts/test" in first_block
    assert (REPO / ".ci" / "run").read_text().count("scripts/test") == 1
