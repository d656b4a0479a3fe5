"""``lineage report`` and ``lineage review``: one model's lineage report as a file, and the
governance flags of many models at once."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import click

from lineage.analytics.governance.flags import FLAGS
from lineage.analytics.governance.rules import load_rules
from lineage.analytics.reads.reports import lineage_report
from lineage.analytics.reads.review import review_all, review_family, review_models
from lineage.errors import UsageError
from lineage.ui.cli.common import connected
from lineage.ui.cli.progress import console
from lineage.ui.render.lineage_report import (
    atomic_writer,
    check_writable,
    format_for,
    h,
    render,
)

REVIEW_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".html": "html", ".htm": "html"}
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
@_RULES
def report(model_id: str, output: Path | None, up: int | None, down: int,
           rules: Path | None) -> None:
    """Write the lineage report of MODEL_ID: its facts and their snapshots, its ancestry to
    every root, the governance flags with their evidence, its family, its descendants and the
    family tree drawn."""
    output = output or Path(model_id.strip().replace("/", "__") + ".html")
    fmt = format_for(output)
    check_writable(output)
    knowledge = load_rules(rules)
    with connected() as graph:
        result = lineage_report(graph, model_id, up=up, down=down, rules=knowledge)
    with atomic_writer(output) as handle:
        handle.write(render(result, fmt))
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
                   "model) or .html (counts by flag and by family).")
def review(family_of: str | None, models_file: Path | None, everything: bool,
           rules: Path | None, output: Path) -> None:
    """Flag many models at once (streamed): a family, a list of models, or the whole graph."""
    chosen = [x for x in (family_of, models_file, everything or None) if x is not None]
    if len(chosen) != 1:
        raise UsageError("choose one of --family MODEL_ID, --models FILE or --all")
    fmt = format_for(output, REVIEW_FORMATS)
    check_writable(output)
    knowledge = load_rules(rules)
    ids: list[str] = []
    if models_file is not None:
        ids = [line.strip() for line in models_file.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.lstrip().startswith("#")]
        if not ids:
            raise UsageError(f"{models_file} lists no model id (one id a line)")
    by_flag: Counter[str] = Counter()
    by_family: Counter[str] = Counter()
    reviewed = flagged = 0
    with connected() as graph, atomic_writer(output, newline="") as handle:
        if everything:
            results = review_all(graph, knowledge)
        elif family_of is not None:
            results = review_family(graph, family_of, knowledge)
        else:
            results = review_models(graph, ids, knowledge)
        writer = csv.writer(handle)
        if fmt == "csv":
            writer.writerow(["model", "family", "flag", "ancestor", "evidence"])
        for item in results:
            reviewed += 1
            if not item.flags:
                continue
            flagged += 1
            for flag in item.flags:
                by_flag[flag.code] += 1
                if item.family:
                    by_family[item.family] += 1
            if fmt == "csv":
                writer.writerows([item.model, item.family or "", f.code, f.ancestor or "",
                                  f.evidence] for f in item.flags)
            elif fmt == "jsonl":
                handle.write(json.dumps({"model": item.model, "family": item.family,
                                         "flags": [{"code": f.code, "ancestor": f.ancestor,
                                                    "evidence": f.evidence}
                                                   for f in item.flags]},
                                        ensure_ascii=False) + "\n")
        if fmt == "html":
            handle.write(summary_html(reviewed, flagged, by_flag, by_family))
    console.print(f"Reviewed {reviewed:,} models: {flagged:,} flagged "
                  f"({sum(by_flag.values()):,} flags). Wrote {output}.")


def summary_html(reviewed: int, flagged: int, by_flag: Counter, by_family: Counter) -> str:
    """The review as one self-contained HTML page: counts by flag and by family."""
    flag_rows = "".join(f"<tr><td><code>{h(code)}</code></td><td>{h(by_flag.get(code, 0))}</td>"
                        f"<td>{h(rule)}</td></tr>" for code, rule in FLAGS.items())
    family_rows = "".join(f"<tr><td>{h(name)}</td><td>{h(n)}</td></tr>"
                          for name, n in sorted(by_family.items(), key=lambda x: (-x[1], x[0])
                                                )[:100])
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'\"><title>Governance review</title><style>"
            "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}</style></head><body>"
            f"<h1>Governance review</h1><p>{h(reviewed)} models reviewed, {h(flagged)} flagged."
            "</p><h2>By flag</h2><table><tr><th>flag</th><th>flags</th><th>rule</th></tr>"
            f"{flag_rows}</table><h2>By family (the 100 most flagged; stored by "
            "<code>lineage compute</code>)</h2><table><tr><th>family</th><th>flags</th></tr>"
            f"{family_rows or '<tr><td colspan=2>not computed</td></tr>'}</table></body></html>\n")
