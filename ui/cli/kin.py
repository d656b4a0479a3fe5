"""Kin and ecosystem figures: `lineage kin`, `lineage stats`, `lineage stats topology`."""

from __future__ import annotations

import dataclasses

import click

from lineage.analytics.reads.kin import (
    COLUMNS,
    DEFAULT_LIMIT,
    KINDS,
    MAX_LIMIT,
    kin,
    kin_path,
)
from lineage.analytics.measures.structure import TABLE_ONE
from lineage.analytics.reads.stats import LARGEST, ecosystem, topology
from lineage.ui.cli.common import connected
from lineage.ui.cli.output import emit, emit_sections, output_options


def _relations(value: str | None) -> list[str] | None:
    if value is None:
        return None
    words = [w.strip().lower() for w in value.split(",") if w.strip()]
    if not words:
        raise click.BadParameter("name at least one relation", param_hint="--relation")
    return words


RELATION_HELP = ("Relations whose edges count, comma-separated: finetune, adapter, quantization, "
                 "merge, unstated.")


@click.command("kin")
@click.argument("model_id")
@click.option("--kind", type=click.Choice(KINDS),
              help="The kin to list (the glossary's words).")
@click.option("--with", "other", metavar="MODEL_ID",
              help="Instead of a kind: the shortest lineage paths between MODEL_ID and this "
                   "model, and their nearest common ancestors.")
@click.option("--relation", "relation", metavar="R,...",
              help=RELATION_HELP + " [default: all]")
@click.option("--limit", type=click.IntRange(1, MAX_LIMIT), default=DEFAULT_LIMIT,
              show_default=True, help="Most kin (or paths) to list, most downloaded first.")
@output_options
def kin_command(model_id: str, kind: str | None, other: str | None, relation: str | None,
                limit: int, fmt: str, output: str | None) -> None:
    """The kin of MODEL_ID (parents, children, siblings, cousins ...) most downloaded first,
    with how many there are in all; or, with --with, how two models are related."""
    if (kind is None) == (other is None):
        raise click.UsageError("give either --kind K or --with MODEL_ID")
    relations = _relations(relation)
    with connected() as graph:
        if other is not None:
            found = kin_path(graph, model_id, other, relations, limit)
        else:
            rows, total = kin(graph, model_id, kind, relations, limit)
    if other is not None:
        _emit_path(found, fmt, output)
        return
    if fmt == "json":
        emit_sections({"model": model_id, "kind": kind, "relations": relations,
                       "total": total, "kin": rows}, {"kin": rows}, fmt, output)
    else:
        emit(rows, fmt, output, columns=COLUMNS, title=f"{kind} of {model_id}: {total:,}")
    if total > len(rows) and fmt != "json":
        click.echo(f"({len(rows):,} of {total:,} shown; raise --limit for more)", err=True)


def _emit_path(found, fmt: str, output: str | None) -> None:
    paths = [{"path": number, "length": found.length, "lineage": _drawn(path)}
             for number, path in enumerate(found.paths, 1)]
    summary = [{"figure": "shortest path length",
                "value": "not related" if found.length is None else found.length},
               {"figure": "shortest paths", "value": found.total_paths},
               {"figure": "common ancestors", "value": found.common}]
    emit_sections(dataclasses.asdict(found),
                  {f"{found.source} and {found.target}": summary, "shortest paths": paths,
                   "nearest common ancestors": found.nearest}, fmt, output)


def _drawn(path: dict) -> str:
    """A path as text: ``a <-finetune- b -adapter-> c`` (arrows point parent -> child)."""
    text = path["ids"][0]
    for step, here in zip(path["steps"], path["ids"][1:], strict=True):
        arrow = (f" -{step['relation']}-> " if step["child"] == here
                 else f" <-{step['relation']}- ")
        text += arrow + here
    return text


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
    with connected() as graph:
        summary = ecosystem(graph, largest)
    figures = [{"figure": "models", "value": summary["models"]},
               {"figure": "placeholders", "value": summary["placeholders"]},
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
        "disruption": summary["disruption"],
    }, fmt, output)


@stats.command("topology")
@click.option("--relation", "relation", metavar="R,...", default="finetune",
              show_default=True, help=RELATION_HELP)
@output_options
def stats_topology(relation: str, fmt: str, output: str | None) -> None:
    """Count the small kin structures of the paper's Table 1 exactly, over the edges of the
    chosen relations (default: the finetune forest, as the paper)."""
    with connected() as graph:
        counts = topology(graph, _relations(relation))
    rows = [{"structure": name, "occurrences": count, "what": TABLE_ONE[name]}
            for name, count in counts.items()]
    if fmt == "json":
        emit_sections(counts, {"topology": rows}, fmt, output)
    else:
        emit(rows, fmt, output, title=f"Table 1 over {relation}")


COMMANDS = [kin_command, stats]
