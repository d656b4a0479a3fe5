"""Progress bars and the load summary table for the terminal."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:  # the loader's imports are heavy; commands that only read need not pay them
    from lineage.loader.ingest import LoadSummary

console = Console(stderr=True)


def say(text: str) -> None:
    """A line of news above the live progress bar (printed as is, no markup)."""
    console.print(text, markup=False, highlight=False)


class _Rate:
    """A running count and its rate per second since it was made."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.count = 0

    def add(self, count: int) -> str:
        self.count += count
        elapsed = time.perf_counter() - self.started
        return f"{self.count / elapsed:,.0f}" if elapsed > 0 else "–"


def _bar(middle: list, eta: bool) -> Progress:
    columns = [SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), *middle,
               TimeElapsedColumn()]
    if eta:
        columns.append(TimeRemainingColumn())
    return Progress(*columns, console=console, transient=False)


@contextlib.contextmanager
def load_progress(description: str, total_bytes: int | None = None
                  ) -> Iterator[tuple[Callable[[int], None], Callable[[int], None]]]:
    """A progress bar for a load: the bar and its ETA follow the bytes read (when the size is
    known), beside the rows written and rows/s. Yields ``(on_rows, on_bytes)``."""
    middle = [TaskProgressColumn(), TextColumn("{task.fields[rows]} rows"),
              TextColumn("{task.fields[rate]} rows/s")]
    with _bar(middle, bool(total_bytes)) as progress:
        task = progress.add_task(description, total=total_bytes or None, rows="0", rate="–")
        written = _Rate()

        def on_rows(rows: int) -> None:
            rate = written.add(rows)
            progress.update(task, rows=f"{written.count:,}", rate=rate)

        def on_bytes(size: int) -> None:
            progress.advance(task, size)

        yield on_rows, on_bytes


@contextlib.contextmanager
def count_progress(description: str, total: int | None = None, unit: str = "rows"
                   ) -> Iterator[Callable[[int], None]]:
    """A progress bar counting ``unit`` (models, rows ...) with their rate per second and, when
    ``total`` is known, an ETA. Yields the function to call with each number done."""
    middle = [MofNCompleteColumn(), TextColumn(f"{unit}  {{task.fields[rate]}} {unit}/s")]
    with _bar(middle, bool(total)) as progress:
        task = progress.add_task(description, total=total, rate="–")
        done = _Rate()

        def advance(count: int) -> None:
            progress.update(task, advance=count, rate=done.add(count))

        yield advance


def summary_table(summary: LoadSummary) -> Table:
    """The end-of-load table: models, placeholders, edges by type, cycles, what the load
    changed (changes by kind, models removed and renamed, edges ended: when any), rejects,
    seconds."""
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
    rows += [("cards stored", summary.cards), ("cycles (edges flagged)", summary.cycles)]
    # What the load changed (lineage changes lists it), when it changed anything.
    if sum(summary.changes.values()):
        rows += [("changes recorded", sum(summary.changes.values()))]
        rows += [(f"  {kind}", n) for kind, n in sorted(summary.changes.items()) if n]
    rows += [(what, n) for what, n in (("models removed", summary.removed),
                                       ("models renamed", summary.renamed),
                                       ("edges ended", summary.edges_ended)) if n]
    rows += [("rejects", summary.rejects)]
    rows += [(f"  {reason}", n) for reason, n in summary.rejects_by_reason.items()]
    for what, count in rows:
        table.add_row(what, f"{count:,}")
    table.add_row("seconds", f"{summary.seconds:,.1f}")
    if summary.seconds_models:
        table.add_row("  models, then edges", f"{summary.seconds_models:,.1f}, "
                                              f"{summary.seconds_edges:,.1f}")
    if summary.seconds_cards:
        table.add_row("  then committing the card text index", f"{summary.seconds_cards:,.1f}")
    if summary.seconds_indexes:
        table.add_row("  then waiting for deferred indexes", f"{summary.seconds_indexes:,.1f}")
    if summary.rejects:
        table.caption = f"Rejects written to {summary.rejects_path}"
    return table
