"""``lineage stats`` and ``lineage stats topology``: the command in front of the ecosystem
figures (:mod:`lineage.analytics.reads.stats`)."""

from __future__ import annotations

import click

from lineage.analytics.measures.structure import TABLE_ONE
from lineage.analytics.reads.stats import LARGEST
from lineage.ui.cli.common import explorer
from lineage.ui.cli.kin import RELATION_HELP, relation_words
from lineage.ui.cli.output import emit, emit_sections, output_options

SIGNS = (("< 0", "negative"), ("= 0", "zero"), ("> 0", "positive"))
#: The share not disruptive (D <= 0) beside the share negative (D < 0).
SHARES = (SIGNS[0], ("<= 0", "not_disruptive"), *SIGNS[1:])


@click.group("stats", invoke_without_command=True)
@click.option("--largest", type=click.IntRange(1, 1000), default=LARGEST, show_default=True,
              help="How many of the largest families and deepest models to list.")
@output_options
@click.pass_context
def stats(ctx: click.Context, largest: int, fmt: str, output: str | None) -> None:
    """The ecosystem at a glance (models, edges, families, generations, disruption), from the
    measures `lineage compute` stored; `lineage stats topology` counts the paper's Table 1."""
    if ctx.invoked_subcommand is not None:
        return
    with explorer() as lineage:
        summary = lineage.stats(largest)
    figures = [{"figure": "models", "value": summary["models"]},
               {"figure": "placeholders", "value": summary["placeholders"]},
               {"figure": "removed", "value": summary["removed"]},
               *({"figure": f"edges: {relation}", "value": count}
                 for relation, count in summary["edges"].items()),
               *({"figure": name.replace("_", " "), "value": value}
                 for name, value in summary["families"].items()),
               *({"figure": f"computed: {name.replace('_', ' ')}", "value": value}
                 for name, value in summary["computation"].items())]
    emit_sections(summary, {
        "ecosystem": figures,
        "family sizes": summary["family_sizes"],
        "largest families": summary["largest_families"],
        "deepest lineage": summary["deepest"],
        "generations": summary["generations"],
        "disruption": disruption_rows(summary["disruption"]),
    }, fmt, output)


def disruption_rows(by_relation: list[dict]) -> list[dict]:
    """One row per relation and disruption variant: the models of each sign, their shares,
    and the verdict of each reading of the paper's "most models consolidating" (D < 0, and
    the wider "not disruptive", D <= 0)."""
    return [{"relation": row["relation"], "variant": variant,
             "models": row[f"{variant}_models"],
             **{f"D {sign}": row[f"{variant}_{name}"] for sign, name in SIGNS},
             **{f"share D {sign}": row[f"{variant}_share_{name}"] for sign, name in SHARES},
             "most D < 0": row[f"{variant}_verdict_negative"],
             "most D <= 0": row[f"{variant}_verdict_not_disruptive"]}
            for row in by_relation for variant in ("mdi", "mdi_lineage")]


@stats.command("topology")
@click.option("--relation", "relation", metavar="R,...", default="finetune",
              show_default=True, help=RELATION_HELP)
@output_options
def stats_topology(relation: str, fmt: str, output: str | None) -> None:
    """Count the small kin structures of the paper's Table 1 exactly, over the edges of the
    chosen relations (default: the finetune forest, as the paper)."""
    with explorer() as lineage:
        counts = lineage.topology(relation_words(relation))
    rows = [{"structure": name, "occurrences": count, "what": TABLE_ONE[name]}
            for name, count in counts.items()]
    if fmt == "json":
        emit_sections(counts, {"topology": rows}, fmt, output)
    else:
        emit(rows, fmt, output, title=f"Table 1 over {relation}")

