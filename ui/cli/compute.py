"""``lineage compute``: the command in front of the compute job
(:mod:`lineage.analytics.jobs.compute`), which stores the graph measures on every model."""

from __future__ import annotations

import click

from lineage.analytics.measures.stored import MEASURES
from lineage.ui.cli.common import explorer
from lineage.ui.cli.output import emit, output_options
from lineage.ui.cli.progress import count_progress, say


def _measure_list(ctx: click.Context, param: click.Parameter, value: str | None
                  ) -> list[str] | None:
    if not value:
        return None
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in MEASURES]
    if unknown:
        raise click.BadParameter(f"unknown measure {unknown[0]!r}: use {', '.join(MEASURES)}")
    return names


@click.command()
@click.option("--window-days", type=click.IntRange(min=0), default=90, show_default=True,
              help="Disruption window: later models count when created within this many days "
                   "after the model; 0 means no window.")
@click.option("--only", callback=_measure_list, metavar="NAME,...",
              help=f"Compute only these measures ({', '.join(MEASURES)}).")
@output_options
def compute(window_days: int, only: list[str] | None, fmt: str, output: str | None) -> None:
    """Store generation, family, descendants, children and disruption on every model, the
    Family nodes and the heads of huge kin sets; only changed values are written, and the run
    is recorded."""
    with explorer() as lineage:
        summary = lineage.compute(window_days, only, on_phase=say,
                                  bar=lambda what, total: count_progress(what, total, "models"))
    rows = [
        {"what": "run", "value": summary.id},
        {"what": "measures", "value": ", ".join(summary.measures)},
        {"what": "window (days, 0: none)", "value": summary.window_days},
        {"what": "models", "value": summary.models},
        {"what": "models with relatives", "value": summary.related},
        {"what": "models without created_at", "value": summary.models_without_created_at},
        {"what": "families (2+ models)", "value": summary.families},
        {"what": "models changed", "value": summary.models_changed + summary.singletons_changed},
        {"what": "families changed", "value": summary.families_changed},
        {"what": "families removed", "value": summary.families_removed},
        {"what": "families without virality (core too large)",
         "value": summary.virality_skipped},
        {"what": "huge kin sets (Kin nodes)", "value": summary.kin_sets},
        {"what": "Kin nodes changed / removed",
         "value": f"{summary.kin_changed} / {summary.kin_removed}"},
        *({"what": f"seconds {name}", "value": round(seconds, 2)}
          for name, seconds in summary.seconds.items()),
        {"what": "seconds", "value": round(summary.total_seconds, 2)},
    ]
    emit(rows, fmt, output, columns=["what", "value"], title="Compute")
    if summary.stale:
        say("The graph changed while this ran (a load landed): the numbers may be stale; run "
            "`lineage compute` again.")
