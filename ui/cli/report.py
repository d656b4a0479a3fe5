"""``lineage report`` and ``lineage review``: one model's lineage report as a file, and the
governance flags of many models at once (the files come from :mod:`lineage.ui.render`)."""

from __future__ import annotations

from pathlib import Path

import click

from lineage.errors import UsageError
from lineage.ui.cli.common import explorer
from lineage.ui.cli.progress import console
from lineage.ui.render import lineage_report
from lineage.ui.render import review as review_files
from lineage.ui.render.atomic import atomic_writer, check_writable, format_for

_RULES = click.option("--rules", type=click.Path(dir_okay=False, path_type=Path),
                      help="A YAML file of licence rules (and card thresholds) that extends "
                           "or overrides the built-in ones.")


@click.command()
@click.argument("model_id")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="The report file; its extension picks the format: .html, .md or .json "
                   "(default: MODEL.html in the current folder).")
@click.option("--up", type=click.IntRange(1, 1000), default=None,
              help="Generations of ancestors (default: every one, to every root).")
@click.option("--down", type=click.IntRange(0, 40), default=2, show_default=True,
              help="Generations of descendants summarised.")
@click.option("--include-suggested", is_flag=True,
              help="Let the ancestry walk follow the parents `lineage infer` suggested too "
                   "(each such link marked suggested, with its confidence), so the flags "
                   "see through them.")
@_RULES
def report(model_id: str, output: Path | None, up: int | None, down: int,
           include_suggested: bool, rules: Path | None) -> None:
    """Write the lineage report of MODEL_ID: its facts and their snapshots, its ancestry to
    every root, its likely undeclared ancestry (suggested parents), the governance flags with
    their evidence, its family, its descendants and the family tree drawn."""
    output = output or Path(model_id.strip().replace("/", "__") + ".html")
    fmt = format_for(output, lineage_report.FORMATS)
    check_writable(output)
    with explorer() as lineage:
        result = lineage.lineage_report(model_id, up=up, down=down, rules=rules,
                                        include_suggested=include_suggested)
    with atomic_writer(output) as handle:
        handle.write(lineage_report.render(result, fmt))
    click.echo(f"Wrote the lineage report of {result.model['id']} ({len(result.ancestry) - 1} "
               f"ancestors, {len(result.flags)} flags) to {output}", err=True)


@click.command()
@click.option("--family", "family_of", metavar="MODEL_ID",
              help="Review every model of this model's family.")
@click.option("--models", "models_file", type=click.Path(exists=True, dir_okay=False,
                                                         path_type=Path),
              help="Review the models listed in this file, one id a line.")
@click.option("--all", "everything", is_flag=True, help="Review every model in the graph.")
@_RULES
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Where to write: .csv (one row per flag), .jsonl (one line per flagged "
                   "model), .html (counts by flag and by family) or .cdx.json (one CycloneDX "
                   "1.6 BOM: every model a component, its parents as dependencies).")
def review(family_of: str | None, models_file: Path | None, everything: bool,
           rules: Path | None, output: Path) -> None:
    """Flag many models at once (streamed): a family, a list of models, or the whole graph."""
    chosen = [x for x in (family_of, models_file, everything or None) if x is not None]
    if len(chosen) != 1:
        raise UsageError("choose one of --family MODEL_ID, --models FILE or --all")
    fmt = format_for(output, review_files.FORMATS)
    check_writable(output)
    ids: list[str] | None = None
    if models_file is not None:
        ids = [line.strip() for line in models_file.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.lstrip().startswith("#")]
        if not ids:
            raise UsageError(f"{models_file} lists no model id (one id a line)")
    with explorer() as lineage:
        knowledge = lineage.rules(rules)
        results = lineage.review(family_of=family_of, model_ids=ids, everything=everything,
                                 rules=knowledge)
        with atomic_writer(output, newline="") as handle:
            tally = review_files.write_review(
                results, handle, fmt, rules=knowledge,
                keep={i.lower() for i in ids} if ids is not None else None)
    console.print(f"Reviewed {tally.reviewed:,} models: {tally.flagged:,} flagged "
                  f"({sum(tally.by_flag.values()):,} flags). Wrote {output}.")
