"""``lineage changes``: what the loads changed in the graph, as a list or in summary (the reads
are :mod:`lineage.analytics.reads.changes`)."""

from __future__ import annotations

from typing import Any

import click

from lineage.analytics.reads.changes import COLUMNS
from lineage.changes import KINDS, change_kinds
from lineage.errors import UsageError
from lineage.ui.cli.common import explorer
from lineage.ui.cli.output import emit, emit_sections, output_options

MOMENT = ("a load's id (its Snapshot id) or a date (2026-11-28, 2026-11-28T09:00; UTC unless "
          "the text gives a zone)")


@click.command("changes")
@click.option("--since", metavar="SNAPSHOT|DATE",
              help=f"Changes from this moment on: {MOMENT} [default: the first load].")
@click.option("--until", metavar="SNAPSHOT|DATE",
              help=f"Changes before this moment: {MOMENT} [default: now].")
@click.option("--family", metavar="MODEL_ID",
              help="Only the changes of this model's family (its weakly connected set of "
                   "models).")
@click.option("--kind", "kind", metavar="K,...",
              help="Only changes of these kinds, comma-separated: " + ", ".join(KINDS) + ".")
@click.option("--summary", is_flag=True,
              help="Instead of the list: changes by kind, the families that grew most, "
                   "licence changes, the governance flags now raised on the models that "
                   "changed, and the loads in the window.")
@output_options
def changes(since: str | None, until: str | None, family: str | None, kind: str | None,
            summary: bool, fmt: str, output: str | None) -> None:
    """The changes loads recorded (models added, removed, returned, renamed; licence, gate,
    task, library and card changes; parents added and ended), oldest first, or in summary."""
    try:
        kinds = change_kinds(kind)
    except UsageError as err:
        raise click.BadParameter(str(err), param_hint="--kind") from None
    with explorer() as lineage:
        if summary:
            found = lineage.change_summary(since=since, until=until, family=family,
                                           kinds=kinds)
        else:
            rows = lineage.changes(since=since, until=until, family=family, kinds=kinds)
    if summary:
        emit_sections(found, summary_sections(found), fmt, output)
        return
    title = f"{len(rows):,} {'change' if len(rows) == 1 else 'changes'} " + window_words(
        since, until, family, kinds)
    emit(rows, fmt, output, columns=COLUMNS, title=title)


def window_words(since: str | None, until: str | None, family: str | None,
                 kinds: list[str] | None) -> str:
    """The window and filters in words: ``since X until now, family of M, kinds a, b``."""
    words = (f"since {since.strip()}" if since else "since the first load") + (
        f" until {until.strip()}" if until else " up to now")
    if family:
        words += f", family of {family.strip()}"
    if kinds:
        words += f", {'kind' if len(kinds) == 1 else 'kinds'} {', '.join(kinds)}"
    return words


def summary_sections(found: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The summary's tables, each under its title (table and CSV; JSON prints it whole, the
    loads' sources and ends too)."""
    window = found["window"]
    return {
        "window": [{"since": window["since"] or "the first load",
                    "until": window["until"] or "now"}],
        "loads": [{k: v for k, v in row.items() if k not in ("source", "finished_at")}
                  for row in found["loads"]],
        "changes by kind": [{"kind": k, "changes": n} for k, n in found["counts"].items()],
        "families grown": found["families_grown"],
        "licence changes": found["license_changes"],
        "governance flags": found["governance_flags"],
    }
