"""The governance review (:mod:`lineage.analytics.reads.review`) rendered: one row per flag
(CSV), one line per flagged model (JSONL), or one self-contained HTML page of counts by flag and
by family, written as the reviews stream in (the whole graph is never held)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from typing import IO

from lineage.analytics.governance.flags import FLAGS
from lineage.analytics.governance.rules import Rules
from lineage.analytics.reads.review import Reviewed
from lineage.ui.render.text import h

__all__ = ["FORMATS", "Tally", "write_review", "summary_html"]

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".html": "html", ".htm": "html",
           ".cdx.json": "cyclonedx"}


@dataclasses.dataclass
class Tally:
    """What a review found: models reviewed and flagged, flags by code and by family."""

    reviewed: int = 0
    flagged: int = 0
    by_flag: Counter[str] = dataclasses.field(default_factory=Counter)
    by_family: Counter[str] = dataclasses.field(default_factory=Counter)


def write_review(results: Iterable[Reviewed], handle: IO[str], fmt: str,
                 made_at: str | None = None, rules: Rules | None = None,
                 keep: set[str] | None = None) -> Tally:
    """Write ``results`` to ``handle`` in ``fmt`` (``csv``, ``jsonl``, ``html`` or
    ``cyclonedx``: one BOM of every model, its lineage as dependencies on the models in it,
    ``keep`` when given) as they come; returns the tally."""
    tally = Tally()
    writer = csv.writer(handle)
    bom = None
    if fmt == "cyclonedx":
        from lineage.ui.render.cyclonedx import ReviewBom

        made = made_at or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        bom = ReviewBom(handle, made, rules, keep)
    if fmt == "csv":
        writer.writerow(["model", "family", "flag", "ancestor", "evidence"])
    for item in results:
        tally.reviewed += 1
        if bom is not None:
            bom.add(item)
        if not item.flags:
            continue
        tally.flagged += 1
        for flag in item.flags:
            tally.by_flag[flag.code] += 1
            if item.family:
                tally.by_family[item.family] += 1
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
        handle.write(summary_html(tally))
    if bom is not None:
        bom.close()
    return tally


def summary_html(tally: Tally) -> str:
    """The review as one self-contained HTML page: counts by flag and by family."""
    flag_rows = "".join(f"<tr><td><code>{h(code)}</code></td>"
                        f"<td>{h(tally.by_flag.get(code, 0))}</td><td>{h(rule)}</td></tr>"
                        for code, rule in FLAGS.items())
    family_rows = "".join(f"<tr><td>{h(name)}</td><td>{h(n)}</td></tr>"
                          for name, n in sorted(tally.by_family.items(),
                                                key=lambda x: (-x[1], x[0]))[:100])
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'\"><title>Governance review</title><style>"
            "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}</style></head><body>"
            f"<h1>Governance review</h1><p>{h(tally.reviewed)} models reviewed, "
            f"{h(tally.flagged)} flagged.</p><h2>By flag</h2><table><tr><th>flag</th>"
            f"<th>flags</th><th>rule</th></tr>{flag_rows}</table><h2>By family (the 100 most "
            "flagged; stored by <code>lineage compute</code>)</h2><table><tr><th>family</th>"
            f"<th>flags</th></tr>"
            f"{family_rows or '<tr><td colspan=2>not computed</td></tr>'}</table></body></html>\n")
