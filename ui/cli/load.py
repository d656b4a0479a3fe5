"""``lineage load``: put models and their lineage into the graph."""

from __future__ import annotations

from pathlib import Path

import click

from lineage.loader.files import FORMATS
from lineage.loader.ingest import DEFAULT_BATCH_SIZE
from lineage.ui.cli.common import explorer
from lineage.ui.cli.generate import models_option, seed_option
from lineage.ui.cli.progress import console, load_progress, say, summary_table


@click.group()
def load() -> None:
    """Load models and typed lineage edges into Neo4j (idempotent: loading twice changes
    nothing)."""


def rejects_option(command):
    return click.option(
        "--rejects", type=click.Path(dir_okay=False, path_type=Path),
        help="JSONL file for rejected rows and edges [default: "
             "$LINEAGE_HOME/rejects/<load id>.jsonl].")(command)


def batch_option(command):
    return click.option("--batch-size", type=click.IntRange(1, 100_000),
                        default=DEFAULT_BATCH_SIZE, show_default=True,
                        help="Rows written per transaction.")(command)


@load.command("file")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)),
              help="Read every file as this format instead of recognising it from its content.")
@click.option("--complete", is_flag=True,
              help="The files hold every model of their world (real or synthetic): models "
                   "they lack are marked removed. Without it a load never removes anything.")
@rejects_option
@batch_option
def load_file(paths: tuple[Path, ...], fmt: str | None, complete: bool, rejects: Path | None,
              batch_size: int) -> None:
    """Load files of any supported format, each recognised from its content."""
    with explorer() as lineage:
        total = sum(path.stat().st_size for path in paths)
        with load_progress("Loading", total) as (on_rows, on_bytes):
            summary = lineage.load_files(paths, fmt=fmt,
                                         rejects_path=rejects or lineage.default_rejects_path(),
                                         batch_size=batch_size, complete=complete,
                                         on_rows=on_rows, on_bytes=on_bytes, on_phase=say)
    console.print(summary_table(summary))


@load.command("synthetic")
@models_option
@seed_option
@click.option("--keep", type=click.Path(dir_okay=False, path_type=Path),
              help="Keep the generated file here (.csv or .parquet) [default: a temporary file, "
                   "removed after the load].")
@rejects_option
@batch_option
def load_synthetic(models: int | None, seed: int, keep: Path | None, rejects: Path | None,
                   batch_size: int) -> None:
    """Generate a synthetic ecosystem and load it, through the same reader as real data; every
    model loaded is marked synthetic."""
    if not models:
        raise click.UsageError("give --models N")
    with explorer() as lineage:
        with load_progress("Generating and loading", models) as (on_rows, on_bytes):
            summary, generated = lineage.load_synthetic(
                models, seed, rejects_path=rejects or lineage.default_rejects_path(), keep=keep,
                batch_size=batch_size, on_generated=on_bytes, on_rows=on_rows, on_phase=say)
    console.print(summary_table(summary))
    planted = generated.truth["planted"]
    console.print(f"Planted: {planted['cycles']['count']} cycles, "
                  f"{planted['self_references']['count']} models naming themselves (rejected "
                  f"edges), {planted['missing_parents']['count']} parents missing from the file")
