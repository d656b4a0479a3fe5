"""``lineage analyze``: the ecosystem analyses over the graph, and the replication report."""

from __future__ import annotations

from pathlib import Path

import click

from lineage.errors import UsageError
from lineage.ui.cli.common import explorer
from lineage.ui.cli.output import emit, output_options
from lineage.ui.cli.progress import say
from lineage.ui.render import analysis_report


def _split(value: str | None) -> list[str] | None:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


@click.command()
@click.argument("name")
@click.option("--relation", "relations", metavar="LIST",
              help="Only these relations, comma-separated (finetune, adapter, quantization, "
                   "merge, unstated).")
@click.option("--family", "family_model", metavar="MODEL_ID",
              help="Only the family of this model (stored by `lineage compute`).")
@click.option("--trait", "traits", metavar="LIST",
              help="Only these traits, comma-separated (license, language, task, library).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of every random draw (kin pairs, bootstrap).")
@click.option("--truth", "truth_path", type=click.Path(exists=True, dir_okay=False),
              help="The planted truth of a synthetic graph (the generated file or its "
                   ".truth.json), set beside the values in the replication report.")
@click.option("--preset", type=click.Choice(["paper", "final-code"]), default="paper",
              show_default=True,
              help="The published version drift follows: paper (every edge, 20 values of each "
                   "trait, the paper's tables) or final-code (finetune edges, 20 licences and "
                   "languages, 10 tasks and libraries), each compared with its own figures.")
@output_options
def analyze(name: str, relations: str | None, family_model: str | None, traits: str | None,
            seed: int, truth_path: str | None, preset: str, fmt: str,
            output: str | None) -> None:
    """Run the analysis NAME on the graph and store its result: similarity, mutation, drift,
    documentation, race, disruption, or all (all of them and the replication report; `-o
    report.md` or `-o report.html` writes it with its plots)."""
    with explorer() as lineage:
        try:
            lineage.check_analysis(name, _split(relations), seed, _split(traits), preset)
        except UsageError as err:
            raise click.UsageError(str(err)) from None
        result = lineage.analyze(name, relations=_split(relations), family_model=family_model,
                                 seed=seed, traits=_split(traits),
                                 truth=Path(truth_path) if truth_path else None,
                                 preset=preset, progress=say)
    if output and Path(output).suffix.lower() in (".md", ".html"):
        text = analysis_report.render(result, Path(output).suffix.lower())
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"Wrote the report to {output}", err=True)
        return
    if fmt == "json" or (fmt == "table" and output):
        text = result.json_text() if fmt == "json" else analysis_report.tables_text(result)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            click.echo(f"Wrote {name} to {output}", err=True)
        else:
            click.echo(text, nl=False)
        return
    rows = [{"table": table, **row} for table, table_rows in result.tables.items()
            for row in table_rows]
    if fmt == "csv":
        columns = list(dict.fromkeys(c for row in rows for c in row))
        emit(rows, fmt, output, columns=columns)
    else:
        for table, table_rows in result.tables.items():
            emit(table_rows, fmt, None, title=f"{name}: {table}")
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
