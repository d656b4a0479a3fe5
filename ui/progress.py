"""Progress bars and the load summary table for the terminal."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from lineage.loader.ingest import LoadSummary

console = Console(stderr=True)


@contextlib.contextmanager
def rows_progress(description: str, total: int | None = None
                  ) -> Iterator[Callable[[int], None]]:
    """A progress bar counting rows with rows/s and, when ``total`` is known, an ETA.
    Yields the function to call with each number of rows done."""
    columns = [SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
               MofNCompleteColumn(), TextColumn("{task.fields[rate]} rows/s"),
               TimeElapsedColumn()]
    if total:
        columns.append(TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(description, total=total, rate="–")

        def advance(rows: int) -> None:
            progress.advance(task, rows)
            speed = progress.tasks[task].speed
            progress.update(task, rate=f"{speed:,.0f}" if speed else "–")

        yield advance


def summary_table(summary: LoadSummary) -> Table:
    """The end-of-load table: models, placeholders, edges by type, cycles, rejects, seconds."""
    table = Table(title=f"Load {summary.snapshot} ({summary.kind})", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [
        ("rows read", summary.rows),
        ("models new", summary.models_new),
        ("models updated", summary.models_updated),
        ("placeholders resolved", summary.placeholders_resolved),
        ("placeholders created", summary.placeholders_created),
        ("placeholders in graph", summary.placeholders_total),
    ]
    rows += [(f"edges stated {t}", n) for t, n in sorted(summary.edges_by_type.items())]
    rows += [("edges new in graph", summary.edges_new)]
    rows += [(f"unknown relation word '{w}'", n)
             for w, n in summary.unknown_relation_words.most_common()]
    rows += [("cards stored", summary.cards), ("cycles (edges flagged)", summary.cycles),
             ("rejects", summary.rejects)]
    rows += [(f"  {reason}", n) for reason, n in summary.rejects_by_reason.items()]
    for what, count in rows:
        table.add_row(what, f"{count:,}")
    table.add_row("seconds", f"{summary.seconds:,.1f}")
    if summary.rejects:
        table.caption = f"Rejects written to {summary.rejects_path}"
    return table
