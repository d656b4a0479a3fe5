"""Rendering an analysis result: plain tables for the terminal, and the replication report as
one self-contained Markdown or HTML file with its plots inline (SVG in HTML, PNG as data URIs in
Markdown), readable offline."""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend is chosen before pyplot loads)
import networkx as nx  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from lineage.analytics.jobs.analyses import AnalysisResult  # noqa: E402


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3f}"
    if isinstance(value, (list, tuple)):
        return " > ".join(map(str, value))
    return str(value)


def tables_text(result: AnalysisResult) -> str:
    """Every table of the result as terminal text, then the notes."""
    console = Console(file=io.StringIO(), width=200)
    for name, rows in result.tables.items():
        columns = list(rows[0]) if rows else []
        table = Table(*columns, title=f"{result.name}: {name}")
        for row in rows:
            table.add_row(*(_cell(row.get(c)) for c in columns))
        console.print(table)
    for note in result.notes:
        console.print(f"note: {note}", markup=False)
    return console.file.getvalue()


# -- plots -------------------------------------------------------------------------------------


def _similarity_plot(rows: list[dict]) -> Callable | None:
    if not rows:
        return None
    panels = sorted({(r["text"], r["measure"]) for r in rows})

    def draw() -> plt.Figure:
        figure, axes = plt.subplots(1, len(panels), figsize=(4 * len(panels), 3.6),
                                    squeeze=False)
        for axis, (text, measure) in zip(axes[0], panels, strict=True):
            chosen = [r for r in rows if r["text"] == text and r["measure"] == measure]
            means = [r["mean"] for r in chosen]
            errors = [[r["mean"] - r["low"] for r in chosen], [r["high"] - r["mean"]
                                                               for r in chosen]]
            axis.bar(range(len(chosen)), means, yerr=errors, capsize=3, color="#4c72b0")
            axis.set_xticks(range(len(chosen)), [r["kind"] for r in chosen], rotation=60,
                            ha="right", fontsize=7)
            axis.set_ylim(0, 1)
            axis.set_title(f"{text}: {measure}", fontsize=9)
        figure.tight_layout()
        return figure

    return draw


def _drift_plot(ordering: dict, edges: list[dict]) -> Callable:
    def draw() -> plt.Figure:
        values = list(ordering["ordering"])
        graph = nx.DiGraph()
        graph.add_nodes_from(values)
        for edge in edges:
            graph.add_edge(edge["source"], edge["target"], weight=edge["weight"])
        rank = {value: i for i, value in enumerate(values)}
        position = {value: (math.cos(math.pi * (0.5 - i / len(values))),
                            1 - 2 * i / max(1, len(values) - 1)) for value, i in rank.items()}
        forward = [(a, b) for a, b in graph.edges if rank[a] < rank[b]]
        backward = [(a, b) for a, b in graph.edges if rank[a] >= rank[b]]
        weights = [graph.edges[e]["weight"] for e in graph.edges] or [1]
        top = max(weights)
        figure, axis = plt.subplots(figsize=(6, 6))
        nx.draw_networkx_nodes(graph, position, ax=axis, node_size=60, node_color="#dd8452")
        nx.draw_networkx_labels(graph, position, ax=axis, font_size=7)
        for chosen, colour in ((forward, "#4c72b0"), (backward, "#c44e52")):
            nx.draw_networkx_edges(graph, position, edgelist=chosen, ax=axis,
                                   edge_color=colour, arrows=True, arrowsize=8,
                                   width=[0.3 + 2.5 * graph.edges[e]["weight"] / top
                                          for e in chosen], connectionstyle="arc3,rad=0.2")
        axis.set_title(f"{ordering['trait']}: drift graph, upstream at the top "
                       "(blue forward, red against the ordering)", fontsize=8)
        axis.axis("off")
        return figure

    return draw


def _bars_plot(title: str, labels: list[str], values: list[float]) -> Callable | None:
    if not values:
        return None

    def draw() -> plt.Figure:
        figure, axis = plt.subplots(figsize=(7, 0.3 * len(values) + 1.2))
        axis.barh(range(len(values)), values, color="#55a868")
        axis.set_yticks(range(len(values)), labels, fontsize=7)
        axis.invert_yaxis()
        axis.set_title(title, fontsize=9)
        figure.tight_layout()
        return figure

    return draw


def _distribution_plot(rows: list[dict]) -> Callable | None:
    if not rows:
        return None

    def draw() -> plt.Figure:
        figure, axis = plt.subplots(figsize=(6, 2.8))
        stats = [{"label": r["variant"], "whislo": r["p5"], "q1": r["p25"], "med": r["median"],
                  "q3": r["p75"], "whishi": r["p95"], "fliers": []} for r in rows]
        axis.bxp(stats, showfliers=False, orientation="horizontal")
        axis.axvline(0, color="grey", linewidth=0.8)
        axis.set_title("disruption index: 5th, 25th, 50th, 75th, 95th percentiles",
                       fontsize=9)
        figure.tight_layout()
        return figure

    return draw


def _plots(result: AnalysisResult) -> list[tuple[str, Callable]]:
    tables = result.tables

    def table(name: str) -> list[dict]:
        return tables.get(name) or tables.get(f"{result.name}.{name}") or tables.get(
            name.split(".")[-1]) or []

    plots: list[tuple[str, Callable | None]] = []
    plots.append(("Kin similarity, mean and 95 % interval",
                  _similarity_plot(table("similarity.similarity"))))
    mutation = [r for r in table("mutation.mutation") if r.get("rate") is not None]
    plots.append(("Mutation rates", _bars_plot(
        "mutation rate (1 - Jaccard) by trait and scope",
        [f"{r['trait']}: {r['scope']}" for r in mutation], [r["rate"] for r in mutation])))
    graph_rows = table("drift.drift_graph")
    for ordering in table("drift.orderings"):
        if ordering["weighted"]:
            edges = [e for e in graph_rows if e["trait"] == ordering["trait"]]
            plots.append((f"Drift graph and ordering: {ordering['trait']}",
                          _drift_plot(ordering, edges)))
    plots.append(("Disruption", _distribution_plot(table("disruption.distribution"))))
    return [(title, draw) for title, draw in plots if draw is not None]


def _image(draw: Callable, kind: str) -> str:
    figure = draw()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=kind, dpi=110)
    plt.close(figure)
    if kind == "svg":
        text = buffer.getvalue().decode("utf-8")
        return text[text.index("<svg"):]
    return base64.b64encode(buffer.getvalue()).decode("ascii")


# -- documents ---------------------------------------------------------------------------------


def _markdown_table(rows: list[dict]) -> str:
    if not rows:
        return "_(empty)_\n"
    columns = list(dict.fromkeys(c for row in rows for c in row))
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(c)).replace("|", "\\|")
                                       for c in columns) + " |")
    return "\n".join(lines) + "\n"


def _html_table(rows: list[dict]) -> str:
    if not rows:
        return "<p><em>(empty)</em></p>"
    columns = list(dict.fromkeys(c for row in rows for c in row))
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(
        f"<td class='{html.escape(str(row.get(c)))}'>{html.escape(_cell(row.get(c)))}</td>"
        if c == "verdict" else f"<td>{html.escape(_cell(row.get(c)))}</td>"
        for c in columns) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _ordered_tables(result: AnalysisResult) -> list[tuple[str, list[dict]]]:
    tables = list(result.tables.items())
    first = [t for t in tables if t[0] == "replication"]
    rest = [t for t in tables if t[0] != "replication" and not t[0].endswith("transitions")]
    return first + rest


def render(result: AnalysisResult, suffix: str) -> str:
    """The result as one self-contained document: ``.md`` or ``.html``."""
    title = ("Replication report" if result.name == "all"
             else f"Analysis: {result.name}")
    parameters = ", ".join(f"{k}={v}" for k, v in result.parameters.items() if v)
    plots = _plots(result)
    if suffix == ".md":
        parts = [f"# {title}\n", f"Parameters: {parameters}\n"]
        for name, rows in _ordered_tables(result):
            parts += [f"## {name}\n", _markdown_table(rows)]
        for plot_title, draw in plots:
            parts += [f"## {plot_title}\n",
                      f"![{plot_title}](data:image/png;base64,{_image(draw, 'png')})\n"]
        if result.notes:
            parts += ["## Notes\n", "".join(f"- {note}\n" for note in result.notes)]
        return "\n".join(parts)
    style = ("body{font-family:sans-serif;max-width:1100px;margin:auto}"
             "table{border-collapse:collapse;font-size:12px;margin-bottom:1em}"
             "td,th{border:1px solid #ccc;padding:2px 6px}.agrees{background:#e0f2e0}"
             ".differs{background:#f8dcdc}")
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
             f"<style>{style}</style></head><body><h1>{title}</h1>"
             f"<p>Parameters: {html.escape(parameters)}</p>"]
    for name, rows in _ordered_tables(result):
        parts += [f"<h2>{html.escape(name)}</h2>", _html_table(rows)]
    for plot_title, draw in plots:
        parts += [f"<h2>{html.escape(plot_title)}</h2>", _image(draw, "svg")]
    if result.notes:
        parts += ["<h2>Notes</h2><ul>"] + [f"<li>{html.escape(n)}</li>" for n in result.notes]
        parts.append("</ul>")
    parts.append("</body></html>\n")
    return "".join(parts)
