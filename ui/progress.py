"""Progress bars and the load summary table for the terminal."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from lineage.loader.ingest import LoadSummary

console = Console(stderr=True)


@contextlib.contextmanager
def load_progress(description: str, total_bytes: int | None = None
                  ) -> Iterator[tuple[Callable[[int], None], Callable[[int], None]]]:
    """A progress bar for a load: the bar and its ETA follow the bytes read (when the size is
    known), beside the rows written and rows/s. Yields ``(on_rows, on_bytes)``."""
    columns = [SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
               TaskProgressColumn(), TextColumn("{task.fields[rows]} rows"),
               TextColumn("{task.fields[rate]} rows/s"), TimeElapsedColumn()]
    if total_bytes:
        columns.append(TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(description, total=total_bytes or None, rows="0", rate="–")
        started = time.perf_counter()
        written = 0

        def on_rows(rows: int) -> None:
            nonlocal written
            written += rows
            elapsed = time.perf_counter() - started
            progress.update(task, rows=f"{written:,}",
                            rate=f"{written / elapsed:,.0f}" if elapsed > 0 else "–")

        def on_bytes(size: int) -> None:
            progress.advance(task, size)

        yield on_rows, on_bytes


@contextlib.contextmanager
def count_progress(description: str, total: int | None = None, unit: str = "rows"
                   ) -> Iterator[Callable[[int], None]]:
    """A progress bar counting ``unit`` (models, rows ...) with their rate per second and, when
    ``total`` is known, an ETA. Yields the function to call with each number done."""
    columns = [SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
               MofNCompleteColumn(), TextColumn(f"{unit}  {{task.fields[rate]}} {unit}/s"),
               TimeElapsedColumn()]
    if total:
        columns.append(TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(description, total=total, rate="–")
        started = time.perf_counter()
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            elapsed = time.perf_counter() - started
            progress.update(task, advance=count,
                            rate=f"{done / elapsed:,.0f}" if elapsed > 0 else "–")

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
