"""``lineage export``: write the graph out."""

from __future__ import annotations

from pathlib import Path

import click

from lineage.loader.jsonlexport import DEFAULT_EXPORT_BATCH
from lineage.ui.cli.common import explorer
from lineage.ui.cli.progress import console, count_progress
from lineage.ui.render.atomic import atomic_writer, atomic_writers, check_writable
from lineage.ui.render.graphfiles import NODE_PROPERTIES, write_csv, write_graphml


@click.group()
def export() -> None:
    """Write the graph out in a form another load can read."""


@export.command("jsonl")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--no-cards", is_flag=True,
              help="Leave model-card texts out (the card facts on each model still travel).")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=DEFAULT_EXPORT_BATCH,
              show_default=True, help="Models read from Neo4j per transaction.")
def jsonl(path: Path, no_cards: bool, batch_size: int) -> None:
    """Write every model to PATH as a JSONL snapshot: one Hub model object per line, lineage
    in its base_model tags, placeholders and card texts under the extra key "lineage".
    `lineage load file PATH` into an empty database gives the same graph."""
    with explorer() as lineage:
        with count_progress("Exporting", lineage.model_count(), unit="models") as advance:
            summary = lineage.export_jsonl(path, batch_size=batch_size, cards=not no_cards,
                                           on_rows=advance)
    rate = summary.models / summary.seconds if summary.seconds else 0
    console.print(f"Wrote {summary.models:,} models ({summary.placeholders:,} placeholders), "
                  f"{summary.edges:,} edges and {summary.cards:,} card texts to {path} in "
                  f"{summary.seconds:,.1f} s ({rate:,.0f} models/s).")


def _bill(model_id: str, output: Path | None, up: int | None, rules: Path | None,
          render) -> None:
    if output is not None:
        check_writable(output)
    with explorer() as lineage:
        knowledge = lineage.rules(rules)
        report = lineage.lineage_report(model_id, up=up, down=0, rules=knowledge)
        card = lineage.model(report.model["id"]).get("card_excerpt")
    text = render(report, knowledge, card)
    if output is None:
        click.echo(text, nl=False)
        return
    with atomic_writer(output) as handle:
        handle.write(text)
    console.print(f"Wrote the lineage of {report.model['id']} ({len(report.ancestry) - 1} "
                  f"ancestors, {len(report.flags)} flags) to {output}.")


_BILL_OPTIONS = [
    click.argument("model_id"),
    click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                 help="The file to write [default: the terminal]."),
    click.option("--up", type=click.IntRange(1, 1000), default=None,
                 help="Generations of ancestors (default: every one, to every root)."),
    click.option("--rules", type=click.Path(dir_okay=False, path_type=Path),
                 help="A YAML file of licence rules that extends or overrides the built-in "
                      "ones (SPDX ids, the licence flags)."),
]


def _bill_options(command):
    for option in reversed(_BILL_OPTIONS):
        command = option(command)
    return command


@export.command("cyclonedx")
@_bill_options
def cyclonedx(model_id: str, output: Path | None, up: int | None, rules: Path | None) -> None:
    """Write MODEL_ID's lineage as a CycloneDX 1.6 JSON bill of materials: the model as the
    BOM's component, its ancestry as nested pedigree ancestors to every root, each with its
    licences, the relation of each step, the governance flags and snapshots as lineage:
    properties, and a model card (see docs/bom.md)."""
    from lineage.ui.render import cyclonedx as bom

    _bill(model_id, output, up, rules, bom.render)


@export.command("spdx")
@_bill_options
def spdx(model_id: str, output: Path | None, up: int | None, rules: Path | None) -> None:
    """Write MODEL_ID's lineage as an SPDX 3.0.1 JSON-LD document: one AI package per model,
    ancestorOf relationships from each parent (the relation in their comment), declared and
    concluded licences, suppliedBy the owner (see docs/bom.md)."""
    from lineage.ui.render import spdx as document

    _bill(model_id, output, up, rules, document.render)


_INCLUDE_SUGGESTED = click.option(
    "--include-suggested", is_flag=True,
    help="Write the parents `lineage infer` suggested too, as edges with relation 'suggested' "
         "and their suggested_relation and confidence.")


@export.command("graphml")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--family", "family_of", metavar="MODEL_ID",
              help="Only the family of this model (its weakly connected set of models).")
@_INCLUDE_SUGGESTED
def graphml(path: Path, family_of: str | None, include_suggested: bool) -> None:
    """Write the graph (or one family) to PATH as GraphML, for Gephi and networkx: nodes keyed
    by model key with their properties, edges with relation and cycle."""
    check_writable(path)
    with explorer() as lineage:
        models, edges = lineage.graph_frames(NODE_PROPERTIES, family_of,
                                             include_suggested=include_suggested)
    written = write_graphml(models, edges, path, opener=atomic_writer)
    console.print(f"Wrote {written.nodes:,} models and {written.edges:,} edges to {path}.")


@export.command("csv")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@_INCLUDE_SUGGESTED
def csv_files(folder: Path, include_suggested: bool) -> None:
    """Write the graph to FOLDER as nodes.csv (one row per model) and edges.csv (one row per
    lineage edge), for pandas."""
    folder.mkdir(parents=True, exist_ok=True)
    pair = [folder / "nodes.csv", folder / "edges.csv"]
    for path in pair:
        check_writable(path)
    with explorer() as lineage:
        models, edges = lineage.graph_frames(NODE_PROPERTIES,
                                             include_suggested=include_suggested)
    # Both files are written to temporaries and renamed together: a failure leaves neither,
    # never a nodes file beside an edges file of another graph.
    written = write_csv(models, edges, folder,
                        opener=lambda paths: atomic_writers(paths, newline=""))
    console.print(f"Wrote {written.nodes:,} models and "
                  f"{written.edges:,} edges to {folder / 'nodes.csv'} and {folder / 'edges.csv'}.")
