"""``lineage generate``: write a synthetic ecosystem file, and its calibration report."""

from __future__ import annotations

from pathlib import Path

import click

from lineage.loader.synthetic.calibration import check, out_of_tolerance
from lineage.loader.synthetic.recipe import MAX_MODELS, MIN_MODELS
from lineage.ui.cli.common import explorer
from lineage.ui.cli.output import emit
from lineage.ui.cli.progress import console, count_progress

REPORT_COLUMNS = ["section", "figure", "generated", "published", "tolerance", "status"]


def models_option(command):
    return click.option("--models", type=click.IntRange(MIN_MODELS, MAX_MODELS),
                        help="Models in the ecosystem (the published dataset has 1,860,411)."
                        )(command)


def seed_option(command):
    return click.option("--seed", type=int, default=0, show_default=True,
                        help="Random seed: the same seed gives the same file, byte for byte."
                        )(command)


@click.command()
@models_option
@seed_option
@click.option("-o", "--output", "path", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write: .csv or .parquet (the format follows the extension); the "
                   "planted truth goes beside it as <file>.truth.json.")
@click.option("--report", is_flag=True,
              help="After writing, print the calibration report: the file's figures beside "
                   "the published ones, each with its tolerance.")
@click.option("--report-only", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Print the calibration report of this existing file (synthetic or real) "
                   "and write nothing.")
@click.option("--report-format", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="How to print the report.")
@click.option("--strict", is_flag=True, help="Exit 1 when a figure is out of tolerance.")
@click.option("--no-cards", is_flag=True,
              help="Leave out the modelCard column, like the published dataset's variant "
                   "without cards (a much smaller file).")
def generate(models: int | None, seed: int, path: Path | None, report: bool,
             report_only: Path | None, report_format: str, strict: bool,
             no_cards: bool) -> None:
    """Write a synthetic model ecosystem in the published dataset's schema.

    Every model is recognisably synthetic (owners named synthetic-...), and the file carries
    what real data carries: a few cycles, models naming themselves, parents missing from the
    file. Load it with `lineage load file PATH` or generate and load at once with
    `lineage load synthetic`.
    """
    if report_only:
        if path or models:
            raise click.UsageError("--report-only reads an existing file: leave out --models "
                                   "and -o")
        target = report_only
    else:
        if not path or not models:
            raise click.UsageError("give --models N and -o FILE (.csv or .parquet), or "
                                   "--report-only FILE")
        if report and no_cards:
            raise click.UsageError("the calibration report compares the cards too: leave out "
                                   "--no-cards, or run --report-only on a file with cards")
        with count_progress("Generating", models, unit="models") as advance:
            with explorer() as lineage:
                done = lineage.generate(path, models, seed, on_rows=advance,
                                        with_cards=not no_cards)
        console.print(f"Wrote {done.models:,} models to {done.path} (seed {seed}); planted "
                      f"truth in {done.truth_path}")
        if not report:
            return
        target = path
    with explorer() as lineage:
        rows = lineage.calibration(target)
    emit([row.as_dict() for row in rows], report_format, None, columns=REPORT_COLUMNS,
         title=f"Calibration of {target.name} against the published figures")
    out = out_of_tolerance(rows)
    console.print(f"{len(rows) - len(out)} of {len(rows)} figures within tolerance"
                  + (": out - " + "; ".join(r.figure for r in out) if out else "."))
    if strict:
        check(rows)
