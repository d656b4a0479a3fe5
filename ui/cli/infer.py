"""``lineage infer``: suggested parents for the models that declare none, and, with
``--evaluate``, how many hidden declarations come back (see ``docs/inference.md``)."""

from __future__ import annotations

import math
from typing import Any

import click

from lineage.analytics.inference import DEFAULT_MIN_CONFIDENCE
from lineage.ui.cli.common import explorer
from lineage.ui.cli.output import emit, emit_sections, output_options
from lineage.ui.cli.progress import count_progress, say


def _signals(ctx: click.Context, param: click.Parameter, value: str | None) -> frozenset[str]:
    return frozenset(s.strip() for s in (value or "").split(",") if s.strip())


@click.command()
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0),
              default=DEFAULT_MIN_CONFIDENCE, show_default=True,
              help="Store (or, with --evaluate, count as suggested) only suggestions at or "
                   "above this confidence.")
@click.option("--only-undeclared/--all-models", default=True, show_default=True,
              help="Infer the parents of the models without a declared parent, or of every "
                   "model (a declared parent is never suggested again).")
@click.option("--family", "family_of", metavar="MODEL_ID",
              help="Only the models of this model's family; its previous suggestions are "
                   "replaced, the rest kept.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the training sample and, with --evaluate, of the hidden edges.")
@click.option("--evaluate", is_flag=True,
              help="Write nothing: hide a share of the declared edges, infer, and print top-1 "
                   "and top-5 accuracy, relation accuracy, precision and recall at each "
                   "confidence, and the calibration table.")
@click.option("--hide", "fraction", type=click.FloatRange(0.0, 1.0, min_open=True,
                                                          max_open=True),
              default=0.3, show_default=True,
              help="With --evaluate: the share of declared edges hidden.")
@click.option("--without", callback=_signals, metavar="SIGNAL,...",
              help="With --evaluate: leave these signals out (name, mention, fingerprint, "
                   "time, author, task, siblings, frequency), to see what each carries.")
@output_options
def infer(min_confidence: float, only_undeclared: bool, family_of: str | None, seed: int,
          evaluate: bool, fraction: float, without: frozenset[str], fmt: str,
          output: str | None) -> None:
    """Suggest parents for models whose authors declared none, each with a relation, a
    confidence and the evidence in words, stored as SUGGESTED_PARENT apart from declared
    lineage (a rerun replaces them)."""
    bar = lambda what, total: count_progress(what, total, "models")  # noqa: E731
    if without and not evaluate:
        raise click.UsageError("--without is for --evaluate (an ablation); it changes nothing "
                               "stored")
    with explorer() as lineage:
        if evaluate:
            result = lineage.evaluate_inference(fraction=fraction, seed=seed,
                                                min_confidence=min_confidence,
                                                without=without, on_phase=say, bar=bar)
            _print_evaluation(result, fraction, seed, without, fmt, output)
            return
        summary = lineage.infer(min_confidence=min_confidence, family_of=family_of,
                                every=not only_undeclared, seed=seed, on_phase=say, bar=bar)
    rows = [
        {"what": "run", "value": summary.id},
        {"what": "models", "value": summary.models},
        {"what": "models asked about", "value": summary.asked},
        {"what": "learned from (models with declared parents)", "value": summary.trained_on},
        {"what": "candidate pairs scored", "value": summary.candidates},
        {"what": "models with a candidate", "value": summary.with_candidates},
        {"what": f"suggestions at confidence >= {summary.min_confidence}",
         "value": summary.suggestions},
        {"what": "models given a suggestion", "value": summary.children_suggested},
        *({"what": f"suggestions: {relation}", "value": count}
          for relation, count in sorted(summary.by_relation.items())),
        {"what": "previous suggestions replaced", "value": summary.removed},
        *({"what": f"seconds {name}", "value": round(seconds, 2)}
          for name, seconds in summary.seconds.items()),
    ]
    emit(rows, fmt, output, columns=["what", "value"], title="Inferred parents")


def _clean(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with NaN as None (JSON has no NaN) and shares rounded for reading."""
    def tidy(value: Any) -> Any:
        if isinstance(value, float):
            return None if math.isnan(value) else round(value, 4)
        return value
    return [{k: tidy(v) for k, v in row.items()} for row in rows]


def _print_evaluation(result, fraction: float, seed: int, without: frozenset[str], fmt: str,
                      output: str | None) -> None:
    sections = {
        "overall": _clean(result.summary().to_dict("records")),
        "by world": _clean(result.summary("world").to_dict("records")),
        "by family": _clean(result.summary("group").to_dict("records")),
        "by relation": _clean(result.summary("relation").to_dict("records")),
        "precision and recall by confidence": _clean(result.thresholds.to_dict("records")),
        "calibration (best candidate of each hidden child)":
            _clean(result.calibration.to_dict("records")),
    }
    document = {"hidden_share": fraction, "seed": seed, "without": sorted(without),
                "hidden_edges": result.hidden_edges, "min_confidence": result.min_confidence,
                **{name.split(" (")[0].replace(" ", "_"): rows
                   for name, rows in sections.items()}}
    emit_sections(document, sections, fmt, output)
