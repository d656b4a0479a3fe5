"""``lineage kin``: the command in front of the kin reads (:mod:`lineage.analytics.reads.kin`):
one kind of kin of a model, or how two models are related."""

from __future__ import annotations

import dataclasses

import click

from lineage.analytics.reads.kin import COLUMNS, DEFAULT_LIMIT, KINDS, MAX_LIMIT
from lineage.ui.cli.common import explorer
from lineage.ui.cli.output import emit, emit_sections, output_options


def relation_words(value: str | None) -> list[str] | None:
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
@click.option("--include-suggested", is_flag=True,
              help="Follow the parents `lineage infer` suggested as well (relation word "
                   "'suggested'); declared lineage only by default.")
@output_options
def kin_command(model_id: str, kind: str | None, other: str | None, relation: str | None,
                limit: int, include_suggested: bool, fmt: str, output: str | None) -> None:
    """The kin of MODEL_ID (parents, children, siblings, cousins ...) most downloaded first,
    with how many there are in all; or, with --with, how two models are related."""
    if (kind is None) == (other is None):
        raise click.UsageError("give either --kind K or --with MODEL_ID")
    relations = relation_words(relation)
    with explorer() as lineage:
        if other is not None:
            found = lineage.kin_path(model_id, other, relations, limit,
                                     include_suggested=include_suggested)
        else:
            rows, total = lineage.kin(model_id, kind, relations, limit,
                                      include_suggested=include_suggested)
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
