"""The lineage report (:class:`lineage.analytics.reads.reports.LineageReport`) rendered: one
self-contained HTML page (inline CSS and SVG, no script, nothing fetched), Markdown or JSON.

The command line's files and the app's downloads are both :func:`render`'s text, so the same
report of the same graph is the same bytes from either."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from lineage.analytics.governance.flags import FLAGS
from lineage.analytics.measures.descent import generation, walkable
from lineage.analytics.reads.reports import LineageReport

FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".json": "json"}
COLOURS = {"finetune": "#1f77b4", "adapter": "#2ca02c", "quantization": "#9467bd",
           "merge": "#ff7f0e", "unstated": "#7f7f7f"}
_BOX_W, _BOX_H, _GAP_X, _GAP_Y = 190, 34, 24, 56


def render(report: LineageReport, fmt: str) -> str:
    """The report as text in ``fmt`` (``html``, ``md`` or ``json``)."""
    renderers: dict[str, Callable[[LineageReport], str]] = {
        "html": render_html, "md": render_markdown, "json": render_json}
    return renderers[fmt](report)


def render_json(report: LineageReport) -> str:
    return json.dumps(report.to_dict(), indent=2, sort_keys=True, ensure_ascii=False,
                      default=str) + "\n"


# -- Markdown ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~&])")


def md(value: Any) -> str:
    """Text safe inside Markdown (and the HTML Markdown may carry): every character Markdown or
    HTML gives a meaning is escaped, line breaks become spaces.

    Examples
    --------
    >>> md("<script>x</script> *bold* [a](b)")
    '\\\\<script\\\\>x\\\\</script\\\\> \\\\*bold\\\\* \\\\[a\\\\]\\\\(b\\\\)'
    """
    text = _text(value)
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _md_table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def render_markdown(report: LineageReport) -> str:
    m = report.model
    out = [f"# Lineage report: {md(m['id'])}", "", f"Made at {md(report.made_at)}.", ""]
    out += ["## The model", ""]
    out += _md_table(["fact", "value"], [[k, v] for k, v in _facts(report)])
    out += ["## Where the facts came from", ""]
    out += _md_table(["snapshot", "kind", "source", "started", "finished"],
                     [[s["id"], s["kind"], s["source"], s["started_at"], s["finished_at"]]
                      for s in report.sources]) if report.sources else ["No snapshot recorded.", ""]
    out += ["## Governance flags", ""]
    out += (_md_table(["flag", "ancestor", "evidence"],
                      [[f.code, f.ancestor or "(the model)", f.evidence] for f in report.flags])
            if report.flags else ["No flag.", ""])
    out += [f"## Ancestry ({_ancestry_note(report)})", ""]
    out += _md_table(["depth", "model", "parents (relation)", "created", "licence", "languages",
                      "task", "card"], [_step_row(s, report) for s in report.ancestry])
    out += ["## Family", ""]
    out += _md_table(["measure", "value"], _family_rows(report))
    d = report.descendants
    out += [f"## Descendants (within {d['down']} generations"
            f"{'' if d['complete'] else ', more beyond'})", ""]
    out += _md_table(["relation", "edges"], [[k, v] for k, v in d["by_relation"].items()])
    out += _md_table(["most downloaded", "downloads", "task", "generation"],
                     [[x["id"], x["downloads"], x["task"], x["generation"]]
                      for x in d["most_downloaded"]])
    out += ["## The flags' rules", ""]
    out += [f"- `{code}`: {md(rule)}" for code, rule in FLAGS.items()] + [""]
    return "\n".join(out)


def _facts(report: LineageReport) -> list[tuple[str, Any]]:
    return [(k, v) for k, v in report.model.items()]


def _ancestry_note(report: LineageReport) -> str:
    roots = f"roots: {', '.join(report.roots) or 'none'}"
    return roots if report.ancestry_complete else f"{report.up} generations up; {roots}"


def _step_row(step, report: LineageReport) -> list[Any]:
    ids = {s.key: s.id for s in report.ancestry}
    parents = [f"{ids.get(link.parent, link.parent)} ({link.relation}"
               f"{', cycle' if link.cycle else ''})" for link in step.parents]
    card = ("none" if step.has_card is False else
            f"{_text(step.card_length)} chars{', auto' if step.card_autogenerated else ''}"
            if step.card_length is not None else "")
    name = step.id + (" (placeholder)" if step.placeholder else "") + (
        " (gated)" if step.is_gated else "")
    return [step.depth, name, parents, step.created_at, step.licenses, step.languages,
            step.task, card]


def _family_rows(report: LineageReport) -> list[list[Any]]:
    rows = [[k, v] for k, v in report.family.items() if k != "family_node"]
    node = report.family["family_node"]
    if isinstance(node, dict):
        rows += [[f"Family.{k}", v] for k, v in node.items()]
    else:
        rows.append(["Family node", node])
    return rows


# -- HTML ----------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em;color:#222;max-width:1100px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f2f2f2}.flag{color:#a00;font-weight:600}.muted{color:#666}
svg{max-width:100%;height:auto}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr,svg{break-inside:avoid}}
"""


def h(value: Any) -> str:
    """Text escaped for HTML (quotes too).

    Examples
    --------
    >>> h('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape(_text(value), quote=True)


def _html_table(headers: list[str], rows: list[list[Any]], raw: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{h(x)}</th>" for x in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell if i in raw else h(cell)}</td>"
                                    for i, cell in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: LineageReport) -> str:
    m = report.model
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        # No script may run and nothing may be fetched, whatever the data holds.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>Lineage report: {h(m['id'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>Lineage report: {h(m['id'])}</h1>",
        f"<p class=\"muted\">Made at {h(report.made_at)}.</p>",
        "<h2>Family tree</h2>",
        f"<p class=\"muted\">{h(report.tree_note)}</p>" if report.tree_note else "",
        tree_svg(report),
        "<h2>Governance flags</h2>",
        (_html_table(["flag", "ancestor", "evidence"],
                     [[f"<span class=\"flag\">{h(f.code)}</span>", f.ancestor or "(the model)",
                       f.evidence] for f in report.flags], raw={0})
         if report.flags else "<p>No flag.</p>"),
        "<h2>The model</h2>", _html_table(["fact", "value"], [[k, v] for k, v in _facts(report)]),
        "<h2>Where the facts came from</h2>",
        (_html_table(["snapshot", "kind", "source", "started", "finished"],
                     [[s["id"], s["kind"], s["source"], s["started_at"], s["finished_at"]]
                      for s in report.sources]) if report.sources
         else "<p>No snapshot recorded.</p>"),
        f"<h2>Ancestry ({h(_ancestry_note(report))})</h2>",
        _html_table(["depth", "model", "parents (relation)", "created", "licence", "languages",
                     "task", "card"], [_step_row(s, report) for s in report.ancestry]),
        "<h2>Family</h2>", _html_table(["measure", "value"], _family_rows(report)),
    ]
    d = report.descendants
    parts += [f"<h2>Descendants (within {h(d['down'])} generations"
              f"{'' if d['complete'] else ', more beyond'})</h2>",
              _html_table(["relation", "edges"], [[k, v] for k, v in d["by_relation"].items()]),
              _html_table(["most downloaded", "downloads", "task", "generation"],
                          [[x["id"], x["downloads"], x["task"], x["generation"]]
                           for x in d["most_downloaded"]]),
              "<h2>The flags' rules</h2><ul>",
              *(f"<li><code>{h(c)}</code>: {h(r)}</li>" for c, r in FLAGS.items()),
              "</ul></body></html>", ""]
    return "\n".join(parts)


def layered_layout(nodes: list[str], edges: list[tuple[str, str]],
                   cycle: Sequence[bool] | None = None) -> dict[str, tuple[int, int]]:
    """A layered drawing's positions (column, layer) for a lineage graph: a model's layer is its
    generation within the drawing (the walkable graph's:
    :func:`lineage.analytics.measures.descent.walkable`, so edges flagged ``cycle``, and any
    other edge inside a cycle, are left out), and each layer is ordered by the mean column of
    its walkable parents, then by key.

    Examples
    --------
    >>> layered_layout(["a", "b", "c"], [("a", "b"), ("a", "c")])
    {'a': (0, 0), 'b': (0, 1), 'c': (1, 1)}
    """
    members = sorted(set(nodes) | {x for pair in edges for x in pair})
    number = {key: n for n, key in enumerate(members)}
    flagged = np.zeros(len(edges), bool) if cycle is None else np.asarray(cycle, dtype=bool)
    walked = walkable(np.array([number[u] for u, _ in edges], dtype=np.int64),
                      np.array([number[v] for _, v in edges], dtype=np.int64),
                      flagged, len(members))
    layer_of = generation(walked)
    parents: dict[int, list[int]] = {n: [] for n in range(len(members))}
    for u, v in zip(walked.parent.tolist(), walked.child.tolist(), strict=True):
        parents[v].append(u)
    position: dict[str, tuple[int, int]] = {}
    for layer in range(int(layer_of.max()) + 1 if len(members) else 0):
        def weight(n: int) -> tuple[float, str]:
            cols = [position[members[p]][0] for p in parents[n]]
            return (sum(cols) / len(cols) if cols else -1.0, members[n])
        here = [n for n in np.flatnonzero(layer_of == layer).tolist()]
        for column, n in enumerate(sorted(here, key=weight)):
            position[members[n]] = (column, layer)
    return dict(sorted(position.items()))


def tree_svg(report: LineageReport) -> str:
    """The family tree as inline SVG: ancestors above, the model in red, drawn descendants
    below, edges coloured by relation (dashed on a cycle)."""
    edges = [(e.parent, e.child) for e in report.tree_edges]
    position = layered_layout(list(report.tree_nodes), edges,
                              [e.cycle for e in report.tree_edges])
    width = max((c for c, _ in position.values()), default=0) + 1
    height = max((r for _, r in position.values()), default=0) + 1
    w, ht = width * (_BOX_W + _GAP_X) + _GAP_X, height * (_BOX_H + _GAP_Y) + _GAP_Y

    def centre(key: str) -> tuple[int, int]:
        c, r = position[key]
        return _GAP_X + c * (_BOX_W + _GAP_X) + _BOX_W // 2, _GAP_Y // 2 + r * (_BOX_H + _GAP_Y)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {ht}" width="{w}" '
           f'height="{ht}" role="img" aria-label="family tree">']
    for e in report.tree_edges:
        (x1, y1), (x2, y2) = centre(e.parent), centre(e.child)
        dash = ' stroke-dasharray="5,3"' if e.cycle else ""
        out.append(f'<line x1="{x1}" y1="{y1 + _BOX_H}" x2="{x2}" y2="{y2}" '
                   f'stroke="{COLOURS.get(e.relation, "#000")}" stroke-width="1.6"{dash}>'
                   f"<title>{h(e.relation)}</title></line>")
    for key, node in sorted(report.tree_nodes.items()):
        x, y = centre(key)
        fill = {"model": "#ffd6d6", "ancestor": "#eef3fb", "descendant": "#f4f4f4"}[node["role"]]
        stroke = "#c00" if node["role"] == "model" else "#888"
        dash = ' stroke-dasharray="3,2"' if node["placeholder"] else ""
        label = node["id"] if len(node["id"]) <= 28 else node["id"][:27] + "…"
        out.append(f'<g><title>{h(node["id"])}</title><rect x="{x - _BOX_W // 2}" y="{y}" '
                   f'width="{_BOX_W}" height="{_BOX_H}" rx="5" fill="{fill}" '
                   f'stroke="{stroke}"{dash}/><text x="{x}" y="{y + 21}" font-size="11" '
                   f'text-anchor="middle" font-family="sans-serif">{h(label)}</text></g>')
    legend_y = ht - 8
    for n, (relation, colour) in enumerate(COLOURS.items()):
        out.append(f'<text x="{_GAP_X + n * 110}" y="{legend_y}" font-size="10" '
                   f'fill="{colour}" font-family="sans-serif">— {h(relation)}</text>')
    out.append("</svg>")
    return "".join(out)
