"""Rendering an analysis result: plain tables for the terminal, and the replication report as
one self-contained Markdown or HTML file with its plots inline (SVG in HTML, PNG as data URIs in
Markdown), readable offline.

The report is laid out like the paper: a summary first (figures compared, how many agree, the
largest differences), then one section per analysis with its plots (the graph's values beside
the published ones), its compared figures with their verdicts and a sentence on what differs
and why, then the notes, and the raw tables last, collapsed. Tables are titled in words: the
result's keys (``similarity.similarity``) are never shown.
"""

from __future__ import annotations

import base64
import dataclasses
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
from lineage.analytics.replication import published  # noqa: E402
from lineage.analytics.replication.figures import (  # noqa: E402
    SIMILARITY_COLUMNS,
    SIMILARITY_KEYS,
    disruption_readings,
)

__all__ = ["Section", "SECTIONS", "TABLE_TITLES", "table_title", "tables_text", "render"]

Draw = Callable[[], plt.Figure]
#: Widest figure drawn, in inches: at the dpi of :func:`_image`, narrower than the page.
WIDTH = 9.6
#: Most differing figures the summary names.
LARGEST_DIFFERENCES = 6


@dataclasses.dataclass(frozen=True)
class Section:
    """One analysis in the report: its name (the prefix of its tables), the section its compared
    figures carry, its title, what it compares and what usually makes its figures differ."""

    analysis: str
    compared: str
    title: str
    about: str
    why: str


#: The report's sections in the paper's order.
SECTIONS = (
    Section("similarity", "similarity", "Kin similarity",
            "Mean text similarity of sampled pairs of each kind of kin, with 95 % bootstrap "
            "intervals, beside the means the paper's figures show.",
            "The means follow the texts the graph holds (the metadata its source states, card "
            "excerpts of at least 512 characters): another source, or fewer kin pairs, moves "
            "them."),
    Section("mutation", "mutation", "Mutation of traits",
            "The mutation rate of each trait (1 - Jaccard similarity of parent and child, over "
            "the edges where both list it), beside the paper's rates.",
            "A rate follows which models list the trait and which relations the graph holds; on "
            "a synthetic graph the verdict is against the planted rate."),
    Section("drift", "drift", "Drift of traits",
            "The drift graph of each trait's values and the ordering that explains most of it, "
            "counted as the published version chosen with --preset counts it and compared with "
            "that version's figures; each step of an ordering gives the share of bootstrap "
            "samples of the edges that keep it.",
            "Orderings are found among the values the graph lists most often: a graph with "
            "fewer values or transitions than the paper's orders fewer pairs, and a step kept "
            "in few samples is one the data barely decides."),
    Section("documentation", "documentation", "Documentation along lineage",
            "Model cards and listed languages, over all models and along lineage edges, as a "
            "ratio to the paper's figures (1: the same).",
            "Card figures follow the source: one that carries fewer or shorter cards moves "
            "shares and lengths together."),
    Section("race", "race to release", "The race to release",
            "How likes and downloads fall with the release rank and the crowding among siblings "
            "(slopes with 95 % intervals); the paper finds both negative.",
            "The paper gives the sign of each slope, not its size: the verdict checks the sign, "
            "or on a synthetic graph that the planted slope lies in the interval."),
    Section("disruption", "disruption", "Disruption",
            "The share of models of each sign of the disruption index D = (n_i - n_j) / "
            "(n_i + n_j + n_k), beside the paper's finding that most models are "
            "\"consolidative rather than disruptive\", read both ways: most have D < 0, or "
            "most are not disruptive (D <= 0).",
            "A model without children has n_i = n_j = 0, so its index is 0, and D < 0 needs "
            "later models that take both the model and one of its ancestors, which only merges "
            "do: the strict reading counts every zero against the paper, the two-way reading "
            "for it."),
)
_BY_ANALYSIS = {section.analysis: section for section in SECTIONS}

#: The title of each table a result may hold, by its key.
TABLE_TITLES = {
    "replication": "Every published figure compared",
    "similarity.similarity": "Kin similarity by text, kind of kin and measure",
    "mutation.mutation": "Mutation rates by trait and scope",
    "drift.orderings": "Drift orderings and how much of the drift they explain",
    "drift.drift_graph": "Drift graph edges",
    "drift.transitions": "Drift transitions between values",
    "documentation.documentation": "Documentation figures",
    "race.race": "Race to release slopes",
    "disruption.distribution": "Disruption index: distribution and signs",
    "disruption.share_negative": "Disruption index: share negative by relation, family size "
                                 "and generation",
    "disruption.top": "Disruption index: the most disruptive and most consolidating models",
}
#: The compared figures' columns as the report heads them.
_COMPARED = {"figure": "figure", "published": "published", "graph": "this graph",
             "planted": "planted", "difference": "difference", "tolerance": "within",
             "verdict": "verdict"}


def table_title(key: str) -> str:
    """The title a table is shown under: its own, else its analysis's title and its name in
    words.

    Examples
    --------
    >>> table_title("similarity.similarity")
    'Kin similarity by text, kind of kin and measure'
    >>> table_title("drift.stability_by_pair")
    'Drift of traits: stability by pair'
    """
    if key in TABLE_TITLES:
        return TABLE_TITLES[key]
    analysis, _, name = key.rpartition(".")
    section = _BY_ANALYSIS.get(analysis)
    words = name.replace("_", " ")
    return f"{section.title}: {words}" if section else words.capitalize()


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3f}"
    if isinstance(value, (list, tuple)):
        return " > ".join(map(str, value))
    return str(value)


def _keyed(result: AnalysisResult) -> dict[str, list[dict]]:
    """The result's tables keyed as ``lineage analyze all`` keys them (analysis.table)."""
    if result.name == "all":
        return result.tables
    return {name if name == "replication" or "." in name else f"{result.name}.{name}": rows
            for name, rows in result.tables.items()}


def tables_text(result: AnalysisResult) -> str:
    """Every table of the result as terminal text, then the notes."""
    console = Console(file=io.StringIO(), width=200)
    for name, rows in _keyed(result).items():
        columns = list(rows[0]) if rows else []
        table = Table(*columns, title=table_title(name))
        for row in rows:
            table.add_row(*(_cell(row.get(c)) for c in columns))
        console.print(table)
    for note in result.notes:
        console.print(f"note: {note}", markup=False)
    return console.file.getvalue()


# -- plots -------------------------------------------------------------------------------------


def _grid(panels: int, columns: int, panel_height: float) -> tuple[plt.Figure, list]:
    """A figure of ``panels`` axes, at most ``columns`` a row, no wider than :data:`WIDTH`;
    the axes left over are hidden."""
    columns = min(columns, panels)
    rows = math.ceil(panels / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(WIDTH, panel_height * rows),
                                squeeze=False)
    flat = [axis for row in axes for axis in row]
    for axis in flat[panels:]:
        axis.set_visible(False)
    return figure, flat[:panels]


def _reach(lower: float | None, upper: float | None) -> float:
    """The length of an error bar from ``lower`` to ``upper``: never negative (an interval of
    identical values may sit a rounding error off its mean), 0 when an end is missing."""
    if lower is None or upper is None:
        return 0.0
    return max(0.0, upper - lower)


def _similarity_plots(tables: dict, compared: list[dict]) -> list[tuple[str, Draw]]:
    rows = tables.get("similarity.similarity") or []
    if not rows:
        return []
    panels = sorted({(r["text"], r["measure"]) for r in rows})

    def draw() -> plt.Figure:
        figure, axes = _grid(len(panels), 3, 3.2)
        for axis, (text, measure) in zip(axes, panels, strict=True):
            chosen = [r for r in rows if r["text"] == text and r["measure"] == measure]
            means = [r["mean"] for r in chosen]
            errors = [[_reach(r["low"], r["mean"]) for r in chosen],
                      [_reach(r["mean"], r["high"]) for r in chosen]]
            axis.bar(range(len(chosen)), means, yerr=errors, capsize=3, color="#4c72b0",
                     label="this graph")
            column = SIMILARITY_COLUMNS.get((text, measure))
            paper = [(i, published.SIMILARITY[SIMILARITY_KEYS[r["kind"]]][column])
                     for i, r in enumerate(chosen)
                     if column is not None and SIMILARITY_KEYS.get(r["kind"])
                     in published.SIMILARITY]
            if paper:
                axis.scatter(*zip(*paper, strict=True), marker="D", color="black", zorder=3,
                             s=18, label="published")
                axis.legend(fontsize=6, loc="upper left")
            axis.set_xticks(range(len(chosen)), [r["kind"] for r in chosen], rotation=35,
                            ha="right", fontsize=6)
            axis.set_ylim(0, 1)
            axis.set_title(f"{text}: {measure}", fontsize=8)
        figure.tight_layout()
        return figure

    return [("Mean similarity by kind of kin (bars: this graph with its 95 % interval; "
             "diamonds: published)", draw)]


def _mutation_plots(tables: dict, compared: list[dict]) -> list[tuple[str, Draw]]:
    rows = [r for r in tables.get("mutation.mutation") or [] if r.get("rate") is not None]
    traits = list(dict.fromkeys(r["trait"] for r in rows))
    if not traits:
        return []
    paper = {(trait, "all edges"): rate.value for trait, rate in published.MUTATION.items()}
    paper.update({(trait, "finetune"): rate
                  for trait, rate in published.MUTATION_FINETUNE.items()})

    def draw() -> plt.Figure:
        figure, axes = _grid(len(traits), 2, 2.6)
        for axis, trait in zip(axes, traits, strict=True):
            chosen = [r for r in rows if r["trait"] == trait]
            axis.barh(range(len(chosen)), [r["rate"] for r in chosen], color="#55a868",
                      label="this graph")
            marks = [(paper[(trait, r["scope"])], i) for i, r in enumerate(chosen)
                     if (trait, r["scope"]) in paper]
            if marks:
                axis.scatter(*zip(*marks, strict=True), marker="D", color="black", zorder=3,
                             s=18, label="published")
                axis.legend(fontsize=6, loc="lower right")
            axis.set_yticks(range(len(chosen)), [r["scope"] for r in chosen], fontsize=7)
            axis.invert_yaxis()
            axis.set_xlim(0, 1)
            axis.set_title(trait, fontsize=8)
        figure.tight_layout()
        return figure

    return [("Mutation rate by trait and scope (bars: this graph; diamonds: published)", draw)]


def _drift_plot(ordering: dict, edges: list[dict]) -> Draw:
    def draw() -> plt.Figure:
        values = list(ordering["ordering"])
        rank = {value: i for i, value in enumerate(values)}
        graph = nx.DiGraph()
        graph.add_nodes_from(values)
        for edge in edges:
            if edge.get("source") in rank and edge.get("target") in rank:
                graph.add_edge(edge["source"], edge["target"], weight=edge.get("weight") or 1)
        position = {value: (math.cos(math.pi * (0.5 - i / len(values))),
                            1 - 2 * i / max(1, len(values) - 1)) for value, i in rank.items()}
        forward = [(a, b) for a, b in graph.edges if rank[a] < rank[b]]
        backward = [(a, b) for a, b in graph.edges if rank[a] >= rank[b]]
        top = max([graph.edges[e]["weight"] for e in graph.edges] or [1])
        figure, axis = plt.subplots(figsize=(5, 5))
        nx.draw_networkx_nodes(graph, position, ax=axis, node_size=60, node_color="#dd8452")
        nx.draw_networkx_labels(graph, position, ax=axis, font_size=7)
        for chosen, colour in ((forward, "#4c72b0"), (backward, "#c44e52")):
            nx.draw_networkx_edges(graph, position, edgelist=chosen, ax=axis,
                                   edge_color=colour, arrows=True, arrowsize=8,
                                   width=[0.3 + 2.5 * graph.edges[e]["weight"] / top
                                          for e in chosen], connectionstyle="arc3,rad=0.2")
        axis.set_title(ordering["trait"], fontsize=9)
        axis.axis("off")
        figure.tight_layout()
        return figure

    return draw


def _drift_plots(tables: dict, compared: list[dict]) -> list[tuple[str, Draw]]:
    edges = tables.get("drift.drift_graph") or []
    plots = []
    for ordering in tables.get("drift.orderings") or []:
        if ordering.get("weighted") and ordering.get("ordering") and "trait" in ordering:
            chosen = [e for e in edges if e.get("trait") == ordering["trait"]]
            plots.append((f"{ordering['trait']}: the drift graph, its ordering from the top "
                          "(blue: along the ordering, red: against it)",
                          _drift_plot(ordering, chosen)))
    return plots


def _ratio_plot(compared: list[dict], title: str) -> list[tuple[str, Draw]]:
    """The graph's value over the published one for each figure where both are positive
    numbers (log scale: 2 and 1/2 are as far from agreement)."""
    rows = [r for r in compared if isinstance(r.get("published"), (int, float))
            and isinstance(r.get("graph"), (int, float)) and r["published"] > 0
            and r["graph"] > 0]
    if not rows:
        return []

    def draw() -> plt.Figure:
        figure, axis = plt.subplots(figsize=(WIDTH * 0.8, 0.32 * len(rows) + 1.1))
        ratios = [r["graph"] / r["published"] for r in rows]
        colours = ["#55a868" if r["verdict"] == "agrees" else "#c44e52" for r in rows]
        axis.scatter(ratios, range(len(rows)), c=colours, zorder=3)
        axis.axvline(1, color="grey", linewidth=0.8)
        axis.set_xscale("log")
        axis.set_yticks(range(len(rows)), [r["figure"] for r in rows], fontsize=7)
        axis.invert_yaxis()
        axis.set_xlabel("this graph ÷ published (green: agrees, red: differs)", fontsize=8)
        figure.tight_layout()
        return figure

    return [(title, draw)]


def _documentation_plots(tables: dict, compared: list[dict]) -> list[tuple[str, Draw]]:
    return _ratio_plot(compared, "Documentation figures as a ratio to the published ones")


def _race_plots(tables: dict, compared: list[dict]) -> list[tuple[str, Draw]]:
    rows = [r for r in tables.get("race.race") or [] if r.get("coefficient") is not None]
    if not rows:
        return []

    def draw() -> plt.Figure:
        figure, axis = plt.subplots(figsize=(WIDTH * 0.8, 0.4 * len(rows) + 1.1))
        for i, r in enumerate(rows):
            axis.errorbar(r["coefficient"], i, xerr=[[_reach(r["low"], r["coefficient"])],
                                                     [_reach(r["coefficient"], r["high"])]],
                          fmt="o", color="#4c72b0", capsize=3)
        axis.axvline(0, color="grey", linewidth=0.8)
        axis.set_yticks(range(len(rows)), [f"{r['outcome']} per {r['regressor']}"
                                           for r in rows], fontsize=7)
        axis.invert_yaxis()
        axis.set_xlabel("slope with its 95 % interval (the paper: below 0)", fontsize=8)
        figure.tight_layout()
        return figure

    return [("Race to release: slopes among siblings", draw)]


def _disruption_plots(tables: dict, compared: list[dict]) -> list[tuple[str, Draw]]:
    rows = tables.get("disruption.distribution") or []
    if not rows:
        return []

    def draw() -> plt.Figure:
        figure, axis = plt.subplots(figsize=(WIDTH * 0.8, 0.55 * len(rows) + 1.3))
        for i, r in enumerate(rows):
            left = 0.0
            for sign, colour in (("negative", "#4c72b0"), ("zero", "#bbbbbb"),
                                 ("positive", "#c44e52")):
                axis.barh(i, r[sign], left=left, color=colour,
                          label={"negative": "D < 0", "zero": "D = 0",
                                 "positive": "D > 0"}[sign] if i == 0 else None)
                left += r[sign]
        axis.axvline(0.5, color="black", linestyle="--", linewidth=0.8)
        axis.text(0.505, -0.5, "half", fontsize=7, va="bottom")
        axis.set_yticks(range(len(rows)), [r["variant"] for r in rows], fontsize=8)
        axis.invert_yaxis()
        axis.set_xlim(0, 1)
        axis.set_xlabel("share of models with a defined index", fontsize=8)
        axis.legend(fontsize=7, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.3))
        figure.tight_layout()
        return figure

    return [("Disruption index by sign: most models are consolidating if the blue part passes "
             "the half, not disruptive if blue and grey together do", draw)]


_PLOTS = {"similarity": _similarity_plots, "mutation": _mutation_plots,
          "drift": _drift_plots, "documentation": _documentation_plots, "race": _race_plots,
          "disruption": _disruption_plots}


def _image(draw: Draw, kind: str) -> str:
    figure = draw()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=kind, dpi=110)
    plt.close(figure)
    if kind == "svg":
        text = buffer.getvalue().decode("utf-8")
        return text[text.index("<svg"):]
    return base64.b64encode(buffer.getvalue()).decode("ascii")


# -- the report's content, whatever the format ---------------------------------------------------


@dataclasses.dataclass
class _Block:
    """One piece of the document: a heading, a paragraph, a list, a table, plots, or a table
    collapsed under its title."""

    kind: str
    text: str = ""
    level: int = 2
    anchor: str = ""
    items: list[str] = dataclasses.field(default_factory=list)
    rows: list[dict] = dataclasses.field(default_factory=list)
    plots: list[tuple[str, Draw]] = dataclasses.field(default_factory=list)


def _count(rows: list[dict], verdict: str) -> int:
    return sum(r.get("verdict") == verdict for r in rows)


def _listed(names: list[str], most: int = 4) -> str:
    shown = names[:most] + ([f"{len(names) - most} more"] if len(names) > most else [])
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _reference(row: dict) -> tuple[str, Any]:
    return ("planted", row["planted"]) if row.get("planted") is not None else (
        "published", row.get("published"))


def _largest_differences(compared: list[dict]) -> list[dict]:
    """The differing figures, those the graph contradicts outright (a published "most" or
    "negative") first, then by their difference relative to the value compared with."""
    def far(row: dict) -> float:
        _, reference = _reference(row)
        if not isinstance(reference, (int, float)) or not isinstance(row.get("graph"),
                                                                     (int, float)):
            return math.inf
        return abs(row["graph"] - reference) / max(abs(reference), 1e-9)

    differing = [r for r in compared if r.get("verdict") == "differs"]
    return sorted(differing, key=far, reverse=True)[:LARGEST_DIFFERENCES]


def _titled_section(compared_section: str) -> str:
    found = next((s.title for s in SECTIONS if s.compared == compared_section), None)
    return found or compared_section.capitalize()


def _tally(section: str, compared: list[dict]) -> dict[str, Any]:
    agree, differ = _count(compared, "agrees"), _count(compared, "differs")
    return {"section": _titled_section(section), "figures": len(compared), "agree": agree,
            "differ": differ, "no value": len(compared) - agree - differ}


def _summary(compared: list[dict], planted: bool) -> list[_Block]:
    agree, differ = _count(compared, "agrees"), _count(compared, "differs")
    against = ("the planted truth where the synthetic graph carries one, else the published "
               "figure" if planted else "the published figure")
    blocks = [_Block("heading", "Summary", anchor="summary"), _Block("paragraph", (
        f"{len(compared)} published figures compared with this graph: {agree} agree, "
        f"{differ} differ, {len(compared) - agree - differ} have no value here. Each verdict "
        f"is against {against}, within the tolerance shown."))]
    sections = list(dict.fromkeys(r["section"] for r in compared))
    blocks.append(_Block("table", rows=[
        _tally(section, [r for r in compared if r["section"] == section])
        for section in sections]))
    largest = _largest_differences(compared)
    if largest:
        blocks.append(_Block("heading", "Largest differences", level=3))
        blocks.append(_Block("list", items=[
            f"{_titled_section(r['section'])}, {r['figure']}: {_cell(r['graph'])} on this "
            f"graph, {_reference(r)[0]} {_cell(_reference(r)[1])}" for r in largest]))
    return blocks


def _verdict_sentence(section: Section, compared: list[dict]) -> str:
    agree, differ = _count(compared, "agrees"), _count(compared, "differs")
    sentence = f"{agree} of {len(compared)} figures agree"
    if differ:
        sentence += "; " + _listed([r["figure"] for r in compared
                                    if r["verdict"] == "differs"]) + (
            " differ" if differ > 1 else " differs")
    return f"{sentence}. {section.why}"


def _disruption_signs(rows: list[dict]) -> list[dict]:
    """Each variant's shares by sign, the share not disruptive beside the share negative, and
    each reading's verdict."""
    signs = []
    for r in rows:
        readings = disruption_readings(r["negative"], r["zero"], r["positive"])
        signs.append({"variant": r["variant"], "models": r["models"],
                      "D < 0": readings["negative"], "D <= 0": readings["not_disruptive"],
                      "D = 0": readings["zero"], "D > 0": readings["positive"],
                      "most D < 0 (consolidating)": readings["verdict_negative"],
                      "most D <= 0 (not disruptive)": readings["verdict_not_disruptive"]})
    return signs


def _drift_orderings(rows: list[dict]) -> list[dict]:
    """Each ordering as a reader compares it: the steps with how often the bootstrap kept
    each, the objective, whether it is the only optimum, and the values set apart."""
    found = []
    for r in rows:
        stability = r.get("adjacent_stability") or []
        steps = [str(r["ordering"][0])] if r.get("ordering") else []
        for value, kept in zip(r.get("ordering", [])[1:], stability, strict=False):
            steps.append(f"> ({_cell(kept)}) {value}" if kept is not None else f"> {value}")
        found.append({"trait": r["trait"], "weighted": "yes" if r.get("weighted") else "no",
                      "version (--preset)": r.get("preset", ""),
                      "ordering, upstream first (share of bootstrap samples keeping each step)":
                          " ".join(steps),
                      "objective (net forward weight)": r.get("objective"),
                      "only optimum": {True: "yes", False: "no"}.get(r.get("unique"), ""),
                      "unranked (no drift among the ranked values)":
                          ", ".join(map(str, r.get("unranked") or []))})
    return found


def _section(section: Section, tables: dict, compared: list[dict]) -> list[_Block]:
    blocks = [_Block("heading", section.title, anchor=section.analysis),
              _Block("paragraph", section.about)]
    plots = _PLOTS[section.analysis](tables, compared)
    if plots:
        blocks.append(_Block("plots", plots=plots))
    if section.analysis == "drift" and tables.get("drift.orderings"):
        blocks.append(_Block("table", rows=_drift_orderings(tables["drift.orderings"])))
    if section.analysis == "disruption" and tables.get("disruption.distribution"):
        blocks.append(_Block("table", rows=_disruption_signs(tables["disruption.distribution"])))
    if compared:
        has_planted = any(r.get("planted") is not None for r in compared)
        blocks.append(_Block("table", rows=[
            {title: r.get(key) for key, title in _COMPARED.items()
             if key != "planted" or has_planted} for r in compared]))
        blocks.append(_Block("paragraph", _verdict_sentence(section, compared)))
    return blocks


def _blocks(result: AnalysisResult) -> list[_Block]:
    tables = _keyed(result)
    compared = tables.get("replication") or []
    blocks: list[_Block] = []
    if compared:
        blocks += _summary(compared, any(r.get("planted") is not None for r in compared))
    for section in SECTIONS:
        held = [k for k in tables if k.startswith(f"{section.analysis}.")]
        mine = [r for r in compared if r.get("section") == section.compared]
        if held or mine:
            blocks += _section(section, tables, mine)
    if result.notes:
        blocks += [_Block("heading", "Notes", anchor="notes"),
                   _Block("list", items=list(result.notes))]
    # The transitions are the drift graph before it is oriented: in the stored JSON only.
    raw = [(key, rows) for key, rows in tables.items() if not key.endswith("transitions")]
    if raw:
        blocks.append(_Block("heading", "Raw tables", anchor="raw-tables"))
        blocks += [_Block("collapsed", f"{table_title(key)} ({len(rows):,} rows)", rows=rows)
                   for key, rows in raw]
    return blocks


# -- documents ---------------------------------------------------------------------------------


def _columns(rows: list[dict]) -> list[str]:
    return list(dict.fromkeys(c for row in rows for c in row))


def _markdown_table(rows: list[dict]) -> str:
    if not rows:
        return "_(empty)_\n"
    columns = _columns(rows)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(c)).replace("|", "\\|")
                                       for c in columns) + " |")
    return "\n".join(lines) + "\n"


def _html_table(rows: list[dict]) -> str:
    if not rows:
        return "<p><em>(empty)</em></p>"
    columns = _columns(rows)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(
        f"<td class='{html.escape(str(row.get(c)))}'>{html.escape(_cell(row.get(c)))}</td>"
        if c == "verdict" or c.startswith("most ") else
        f"<td>{html.escape(_cell(row.get(c)))}</td>" for c in columns) + "</tr>"
        for row in rows)
    return (f"<div class='scroll'><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


def _markdown(title: str, parameters: str, blocks: list[_Block]) -> str:
    parts = [f"# {title}\n", f"Parameters: {parameters}\n"]
    for block in blocks:
        if block.kind == "heading":
            parts.append(f"{'#' * block.level} {block.text}\n")
        elif block.kind == "paragraph":
            parts.append(f"{block.text}\n")
        elif block.kind == "list":
            parts.append("".join(f"- {item}\n" for item in block.items))
        elif block.kind == "table":
            parts.append(_markdown_table(block.rows))
        elif block.kind == "plots":
            parts += [f"![{caption}](data:image/png;base64,{_image(draw, 'png')})\n"
                      for caption, draw in block.plots]
        elif block.kind == "collapsed":
            parts += [f"### {block.text}\n", _markdown_table(block.rows)]
    return "\n".join(parts)


_STYLE = ("body{font-family:sans-serif;max-width:1100px;margin:auto;padding:0 1em;"
          "line-height:1.4}h2{margin-top:1.6em;border-bottom:1px solid #ddd}"
          "svg,img{max-width:100%;height:auto}"
          ".plots{display:flex;flex-wrap:wrap;gap:1em}"
          ".plots figure{margin:0;flex:1 1 460px;min-width:0;max-width:100%}"
          "figcaption{font-size:12px;color:#555}.scroll{overflow-x:auto;max-width:100%}"
          "table{border-collapse:collapse;font-size:12px;margin-bottom:1em}"
          "td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}"
          ".agrees{background:#e0f2e0}.differs{background:#f8dcdc}"
          "details{margin:.3em 0}summary{cursor:pointer}")


def _html(title: str, parameters: str, blocks: list[_Block]) -> str:
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
             f"<style>{_STYLE}</style></head><body><h1>{title}</h1>"
             f"<p>Parameters: {html.escape(parameters)}</p>"]
    for block in blocks:
        if block.kind == "heading":
            anchor = f" id='{block.anchor}'" if block.anchor else ""
            parts.append(f"<h{block.level}{anchor}>{html.escape(block.text)}</h{block.level}>")
        elif block.kind == "paragraph":
            parts.append(f"<p>{html.escape(block.text)}</p>")
        elif block.kind == "list":
            parts.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>"
                                          for item in block.items) + "</ul>")
        elif block.kind == "table":
            parts.append(_html_table(block.rows))
        elif block.kind == "plots":
            parts.append("<div class='plots'>" + "".join(
                f"<figure>{_image(draw, 'svg')}<figcaption>{html.escape(caption)}"
                "</figcaption></figure>" for caption, draw in block.plots) + "</div>")
        elif block.kind == "collapsed":
            parts.append(f"<details><summary>{html.escape(block.text)}</summary>"
                         f"{_html_table(block.rows)}</details>")
    parts.append("</body></html>\n")
    return "".join(parts)


def render(result: AnalysisResult, suffix: str) -> str:
    """The result as one self-contained document: ``.md`` or ``.html``."""
    title = ("Replication report" if result.name == "all"
             else f"Analysis: {result.name}")
    parameters = ", ".join(f"{k}={v}" for k, v in result.parameters.items() if v)
    blocks = _blocks(result)
    if suffix == ".md":
        return _markdown(title, parameters, blocks)
    return _html(title, parameters, blocks)
