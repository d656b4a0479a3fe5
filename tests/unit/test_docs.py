"""Docs that cannot drift: every command, option, setting and named query is documented in
docs/, the README stays a short front door, the performance table is the figures file, and
every relative link resolves."""

import csv
import re
from pathlib import Path

import click
import pytest

from lineage.cypher import queries
from lineage.settings import VARIABLES
from lineage.ui.cli import cli

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
PAGES = {p.name: p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").glob("*.md"))}
DOCS = "".join(PAGES.values())
FIGURES = REPO / "bench" / "results" / "figures.csv"
FIGURE_COLUMNS = ["benchmark", "command", "scale", "figure", "contender", "baseline", "unit",
                  "ratio", "conditions", "bench_command"]
TABLE_COLUMNS = FIGURE_COLUMNS[:8]


def commands(command=cli, path=("lineage",)):
    if isinstance(command, click.Group):
        # The top-level group imports each command when asked for it.
        context = click.Context(command)
        for name in command.list_commands(context):
            yield from commands(command.get_command(context, name), (*path, name))
    else:
        yield " ".join(path), command


@pytest.mark.parametrize("name,command", list(commands()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_is_in_docs_with_help_and_its_options(name, command):
    assert f"`{name}" in PAGES["commands.md"], f"{name} is missing from docs/commands.md"
    assert command.help, f"{name} has no --help text"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help or param.opts[-1] in ("--format", "--output"), (
                f"{name} {param.opts[-1]} has no help text")
            assert param.opts[-1] in DOCS, f"{name} {param.opts[-1]} is not documented in docs/"


def test_every_setting_is_in_the_settings_page():
    for variable in VARIABLES:
        assert f"`{variable}`" in PAGES["settings.md"], (
            f"{variable} is missing from docs/settings.md")


def test_every_named_query_is_in_the_queries_page():
    for name in queries.catalogue():
        assert f"`{name}`" in PAGES["queries.md"], f"query {name} is missing from docs/queries.md"


def test_the_readme_opens_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "scripts/demo" in first_block and "scripts/test" in first_block
    assert (REPO / ".ci" / "run").read_text().count("scripts/test") == 1


def test_the_readme_is_a_short_front_door_linking_every_page():
    lines = README.count("\n") + (not README.endswith("\n"))
    assert lines <= 250, f"README.md has {lines} lines; reference text belongs in docs/"
    for name in PAGES:
        assert f"](docs/{name})" in README, f"README.md does not link docs/{name}"


def table_rows(markdown, header):
    """The rows of the Markdown table whose header row names these columns, cells unescaped."""
    rows, inside = [], False
    for line in markdown.splitlines():
        if not line.startswith("|"):
            if inside:
                break
            continue
        cells = [c.strip().replace("\\|", "|").replace("\\*", "*")
                 for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if cells == header:
            inside = True
        elif inside and not all(set(c) <= set("-:") for c in cells):
            rows.append(cells)
    assert inside, f"no table with the columns {', '.join(header)}"
    return rows


def test_the_performance_table_is_the_figures_file():
    with FIGURES.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        assert next(reader) == FIGURE_COLUMNS
        figures = list(reader)
    assert figures, "bench/results/figures.csv holds no figure"
    for row in figures:
        assert len(row) == len(FIGURE_COLUMNS), row
        figure = dict(zip(FIGURE_COLUMNS, row))
        assert figure["benchmark"] == "one-off" or (REPO / figure["benchmark"]).is_file(), row
        assert figure["benchmark"] == "one-off" or figure["bench_command"], row
        assert figure["command"] and figure["figure"] and figure["unit"], row
        int(figure["scale"])
        float(figure["contender"])
        if figure["baseline"]:
            float(figure["baseline"])
    table = table_rows(PAGES["performance.md"], TABLE_COLUMNS)
    assert table == [row[:len(TABLE_COLUMNS)] for row in figures]


def anchors(markdown):
    """GitHub's anchors for the headings of a page."""
    found = set()
    for line in markdown.splitlines():
        heading = re.match(r"#{1,6} (.*)", line)
        if heading:
            text = re.sub(r"[^\w\- ]", "", heading.group(1).strip().lower())
            found.add(text.replace(" ", "-"))
    return found


def test_every_relative_link_resolves():
    pages = {REPO / "README.md": README, **{REPO / "docs" / n: t for n, t in PAGES.items()}}
    for page, text in pages.items():
        text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            assert linked.exists(), f"{page.name}: {target} does not exist"
            if anchor and linked.suffix == ".md":
                assert anchor in anchors(pages.get(linked) or linked.read_text(encoding="utf-8")), (
                    f"{page.name}: {target} names no heading")
