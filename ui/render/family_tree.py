"""The lineage report's family tree, laid out for reading at 100 % zoom: as an SVG drawing
for the HTML page (:func:`tree_svg`) and as a Mermaid flowchart for the Markdown file
(:func:`tree_mermaid`), both from one layout (:func:`tree_layout`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from lineage.analytics.measures.descent import generation, walkable
from lineage.analytics.reads.reports import LineageReport
from lineage.relations import SUGGESTED_LABEL, Relation
from lineage.ui.render.drawing import RELATION_COLOURS, SUGGESTED_COLOUR
from lineage.ui.render.text import h

__all__ = ["COLOURS", "INDIRECT", "PER_ROW", "PER_GENERATION", "LINE_CHARS", "MOST_LINES",
           "MAX_WIDTH", "Box", "TreeLayout", "generations_of", "wrap_id", "tree_layout",
           "mermaid_label", "tree_mermaid", "tree_svg"]

#: The app's colour of each relation, by the word the report uses.
COLOURS = {relation.label: RELATION_COLOURS[relation.type] for relation in Relation}


# -- The family tree's layout --------------------------------------------------------------

#: Boxes side by side in one row of a generation, and most boxes of one generation: beyond
#: that, the generation's last box says "+N more" (the most downloaded descendants and the
#: nearest ancestors are the ones kept, as the report keeps them).
PER_ROW = 5
PER_GENERATION = 25
#: Characters of an id on one line of its box (monospace, so the width is known) and most
#: lines: a Hub id (at most 96 characters) wraps to four; anything longer ends in "…".
LINE_CHARS = 25
MOST_LINES = 4
_FONT_PX, _LINE_PX, _PAD_PX = 12, 15, 6
_BOX_W = 196            # LINE_CHARS at 0.6 em a character, plus padding
_GAP_X, _ROW_GAP, _GENERATION_GAP, _MARGIN = 12, 10, 40, 8
_LEGEND_PX = 30
#: The widest drawing: PER_ROW boxes, inside the page's 1,100 px column.
MAX_WIDTH = 2 * _MARGIN + PER_ROW * _BOX_W + (PER_ROW - 1) * _GAP_X


@dataclasses.dataclass(frozen=True)
class Box:
    """One box of the family tree: a model, or the "+N more" of a generation."""

    key: str
    text: str
    title: str
    role: str                 # model, ancestor, descendant, more
    placeholder: bool
    generation: int
    lines: tuple[str, ...] = ()
    x: int = 0
    y: int = 0
    width: int = _BOX_W
    height: int = 0
    row: int = 0              # the row of its generation it sits in
    top: int = 0              # the top of its generation's first row
    bottom: int = 0           # the bottom of its generation's last row


@dataclasses.dataclass(frozen=True)
class TreeLayout:
    """The family tree laid out: boxes by generation (top to bottom), the edges between them
    (box keys, relation, cycle), and the drawing's size in pixels."""

    generations: list[list[Box]]
    edges: list[tuple[str, str, str, bool]]
    width: int
    height: int

    @property
    def boxes(self) -> dict[str, Box]:
        return {box.key: box for row in self.generations for box in row}


def generations_of(nodes: Sequence[str], edges: Sequence[tuple[str, str]],
                   cycle: Sequence[bool] | None = None) -> dict[str, int]:
    """Each model's generation within the drawing: the longest path down to it on the walkable
    graph (:func:`lineage.analytics.measures.descent.walkable`, the project's one cycle rule:
    edges flagged ``cycle``, and any other edge inside a cycle, are left out).

    Examples
    --------
    >>> generations_of(["a", "b", "c"], [("a", "b"), ("b", "c"), ("a", "c")])
    {'a': 0, 'b': 1, 'c': 2}
    """
    members = list(dict.fromkeys([*nodes, *(x for pair in edges for x in pair)]))
    number = {key: n for n, key in enumerate(members)}
    flagged = np.zeros(len(edges), bool) if cycle is None else np.asarray(cycle, dtype=bool)
    walked = walkable(np.array([number[u] for u, _ in edges], dtype=np.int64),
                      np.array([number[v] for _, v in edges], dtype=np.int64),
                      flagged, len(members))
    return dict(zip(members, generation(walked).tolist(), strict=True))


def wrap_id(text: str, width: int = LINE_CHARS, most: int = MOST_LINES) -> tuple[str, ...]:
    """An id on at most ``most`` lines of ``width`` characters: broken after the owner's ``/``,
    a ``-`` or ``_``, or a ``.`` near the end of a line while the rest still fits the lines
    left, else after ``width`` characters; the last line ends in "…" when the id is longer
    than the lines hold.

    Examples
    --------
    >>> wrap_id("meta-llama/Llama-3.1-8B-Instruct-abliterated", 20)
    ('meta-llama/', 'Llama-3.1-8B-', 'Instruct-abliterated')
    >>> wrap_id("x" * 30, 10, 2)
    ('xxxxxxxxxx', 'xxxxxxxxx…')
    """
    lines: list[str] = []
    rest = text
    while len(rest) > width and len(lines) < most - 1:
        cut = _break(rest, width)
        if len(rest) - cut > width * (most - len(lines) - 1):
            cut = width
        lines.append(rest[:cut])
        rest = rest[cut:]
    if len(rest) > width:
        rest = rest[:width - 1] + "…"
    return tuple(lines + [rest])


#: Where an id breaks, best first, each with the shortest line it may leave (a share of the
#: width): after the owner's slash, then between words, then at a dot (versions hold dots).
_BREAKS = (("/", 1 / 3), ("-_", 1 / 2), (".", 1 / 2))


def _break(text: str, width: int) -> int:
    """Where ``text``, longer than ``width``, breaks: after the best mark that leaves a line
    long enough, else at ``width``."""
    for marks, shortest in _BREAKS:
        cut = max(text.rfind(mark, 0, width) for mark in marks) + 1
        if cut > shortest * width:
            return cut
    return width


def tree_layout(report: LineageReport) -> TreeLayout:
    """The family tree laid out for reading at 100 % zoom, generations top to bottom.

    A layered drawing: a model's generation (its row band) is the longest walkable path down
    to it (:func:`generations_of`), so every parent sits above its children; ancestors come
    above the model, descendants below. Within a generation, models are ordered under their
    parents (by the mean position of their parents, then most downloaded or nearest first) and
    flow into rows of :data:`PER_ROW`; a generation of more than :data:`PER_GENERATION` shows
    the first ones and a "+N more" box. So the drawing's width never passes
    :data:`MAX_WIDTH`, whatever the number of models or generations, and grows only downward.
    """
    order = _rank(report)
    links = _links(report)
    level = generations_of(order, [(p, c) for p, c, _, _ in links], [c for *_, c in links])
    parents: dict[str, list[str]] = {}
    for parent, child, _, cycle in links:
        if not cycle and level[parent] < level[child]:
            parents.setdefault(child, []).append(parent)
    shown_as: dict[str, str] = {}    # a model's key -> the key of the box that shows it
    slot: dict[str, float] = {}      # a box's place in its generation
    generations: list[list[Box]] = []
    for g in range(max(level.values(), default=-1) + 1):
        members = [key for key in order if level[key] == g]
        kept, hidden = members, []
        if len(members) > PER_GENERATION:
            kept, hidden = members[:PER_GENERATION - 1], members[PER_GENERATION - 1:]

        def under_parents(key: str) -> tuple[float, int]:
            places = [slot[shown_as[p]] for p in parents.get(key, ()) if p in shown_as]
            return (sum(places) / len(places) if places else -1.0, order[key])

        boxes = [_model_box(report, key, g) for key in sorted(kept, key=under_parents)]
        if hidden:
            boxes.append(_more_box(report, hidden, g))
        for n, box in enumerate(boxes):
            slot[box.key] = float(n)
        shown_as.update({key: key for key in kept})
        shown_as.update({key: boxes[-1].key for key in hidden})
        generations.append(boxes)
    return _place(generations, _box_edges(links, shown_as))


def _rank(report: LineageReport) -> dict[str, int]:
    """The models in the order the report keeps them: the model, its ancestors nearest first,
    then its descendants most downloaded first (the order of ``tree_nodes``)."""
    keys = sorted(report.tree_nodes, key=lambda k: report.tree_nodes[k]["role"] != "model")
    return {key: n for n, key in enumerate(keys)}


def _model_box(report: LineageReport, key: str, g: int) -> Box:
    node = report.tree_nodes[key]
    title = node["id"] + (" (placeholder: named as a parent, not loaded)"
                          if node["placeholder"] else "")
    return Box(key=key, text=node["id"], title=title, role=node["role"],
               placeholder=bool(node["placeholder"]), generation=g,
               lines=wrap_id(node["id"]))


def _more_box(report: LineageReport, hidden: list[str], g: int) -> Box:
    ids = [report.tree_nodes[key]["id"] for key in hidden]
    text = f"+{len(ids):,} more"
    # No model key holds a NUL, so the box cannot take a model's place.
    return Box(key=f"\x00more {g}", text=text, role="more", placeholder=False, generation=g,
               title=f"{len(ids):,} more in this generation: " + ", ".join(ids),
               lines=(text,))


#: The relation of a drawn descendant whose parents are not drawn (it is not among the most
#: downloaded): it hangs below the model by a line saying so.
INDIRECT = "through models not drawn"
_LEGEND = [("—", relation, colour) for relation, colour in COLOURS.items()] + [
    ("⋯", INDIRECT, "#999")]


def _links(report: LineageReport) -> list[tuple[str, str, str, bool]]:
    """The tree's edges (parent, child, relation, cycle) and, for each drawn descendant none
    of whose parents is drawn, an :data:`INDIRECT` edge from the model."""
    links = [(e.parent, e.child, e.relation, e.cycle) for e in report.tree_edges]
    reached = {e.child for e in report.tree_edges if not e.cycle}
    model = next(key for key, node in report.tree_nodes.items() if node["role"] == "model")
    links += [(model, key, INDIRECT, False) for key, node in report.tree_nodes.items()
              if node["role"] == "descendant" and key not in reached]
    return links


def _box_edges(links: list[tuple[str, str, str, bool]], shown_as: dict[str, str]
               ) -> list[tuple[str, str, str, bool]]:
    """The edges between boxes: an edge to or from a model inside a "+N more" box is drawn
    once to or from that box."""
    edges = {(shown_as[parent], shown_as[child], relation, cycle)
             for parent, child, relation, cycle in links
             if parent in shown_as and child in shown_as}
    return sorted(edge for edge in edges if edge[0] != edge[1])


def _place(generations: list[list[Box]], edges: list[tuple[str, str, str, bool]]
           ) -> TreeLayout:
    """Pixel positions: each generation's boxes in rows of :data:`PER_ROW`, each row centred
    and as tall as its longest label."""
    widest = min(PER_ROW, max((len(g) for g in generations), default=1))
    legend = 2 * _MARGIN + sum(_legend_step(text) for _, text, _ in _LEGEND)
    width = max(2 * _MARGIN + widest * (_BOX_W + _GAP_X) - _GAP_X, legend)
    placed: list[list[Box]] = []
    y = _MARGIN
    for boxes in generations:
        top, here = y, []
        for row, start in enumerate(range(0, len(boxes), PER_ROW)):
            line = boxes[start:start + PER_ROW]
            height = 2 * _PAD_PX + _LINE_PX * max(len(box.lines) for box in line)
            left = (width - len(line) * (_BOX_W + _GAP_X) + _GAP_X) // 2
            here += [dataclasses.replace(box, x=left + n * (_BOX_W + _GAP_X), y=y,
                                         height=height, row=row, top=top)
                     for n, box in enumerate(line)]
            y += height + _ROW_GAP
        placed.append([dataclasses.replace(box, bottom=y - _ROW_GAP) for box in here])
        y += _GENERATION_GAP - _ROW_GAP
    return TreeLayout(placed, edges, width, y - _GENERATION_GAP + _MARGIN + _LEGEND_PX)


# -- Mermaid -------------------------------------------------------------------------------

#: Characters Mermaid would read inside a quoted label, written as its entity codes.
_MERMAID_CODES = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;",
                  "`": "#96;", "|": "#124;", "\\": "#92;"}


def mermaid_label(text: str) -> str:
    """``text`` as a quoted Mermaid label: whatever the id holds (dots, slashes, quotes,
    brackets, markup, unicode), Mermaid shows it as it is.

    Examples
    --------
    >>> mermaid_label('org/"a"#<b>')
    '"org/#quot;a#quot;#35;#lt;b#gt;"'
    """
    coded = "".join(_MERMAID_CODES.get(ch, ch) for ch in " ".join(text.split()))
    return f'"{coded}"'


def tree_mermaid(report: LineageReport) -> str:
    """The family tree as a Mermaid flowchart (top to bottom), the same boxes and edges as
    :func:`tree_svg`: the model in red, placeholders dashed, edges named by relation (dotted
    on a cycle)."""
    layout = tree_layout(report)
    number = {key: n for n, key in enumerate(layout.boxes)}
    name = {key: f"m{n}" for key, n in number.items()}
    lines = ["flowchart TB"]
    lines += [f"    {name[key]}[{mermaid_label(box.text)}]" for key, box in layout.boxes.items()]
    for parent, child, relation, cycle in sorted(
            layout.edges, key=lambda edge: (number[edge[0]], number[edge[1]], edge[2])):
        arrow = "-.->" if cycle or relation in (INDIRECT, SUGGESTED_LABEL) else "-->"
        lines.append(f"    {name[parent]} {arrow}|{mermaid_label(relation)}| {name[child]}")
    lines += ["    classDef model fill:#ffd6d6,stroke:#c00,stroke-width:2px",
              "    classDef placeholder stroke-dasharray:3 2",
              "    classDef more fill:#fff,stroke-dasharray:2 2"]
    for kind in ("model", "placeholder", "more"):
        members = [name[box.key] for box in layout.boxes.values()
                   if (box.placeholder if kind == "placeholder" else box.role == kind)]
        if members:
            lines.append(f"    class {','.join(members)} {kind}")
    return "\n".join(lines)


# -- The family tree as SVG ----------------------------------------------------------------

_FILLS = {"model": "#ffd6d6", "ancestor": "#eef3fb", "descendant": "#f4f4f4", "more": "#ffffff"}
_FONT = "ui-monospace,Menlo,Consolas,'DejaVu Sans Mono',monospace"


def tree_svg(report: LineageReport) -> str:
    """The family tree as inline SVG at its own size (never scaled down on screen, so every
    label stays 12 px): :func:`tree_layout`'s boxes, the model in red, placeholders dashed,
    each box's full id in its tooltip; edges coloured by relation (dashed on a cycle), drawn
    under the boxes, with an arrow into the child."""
    layout = tree_layout(report)
    boxes = layout.boxes
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width} '
           f'{layout.height}" width="{layout.width}" height="{layout.height}" role="img" '
           f'aria-label="family tree">', _arrowheads()]
    for parent, child, relation, cycle in layout.edges:
        out.append(_edge_path(boxes[parent], boxes[child], relation, cycle))
    for box in boxes.values():
        out.append(_box_svg(box))
    out.append(_legend(layout.height - _LEGEND_PX // 2 + 4))
    out.append("</svg>")
    return "".join(out)


def _arrowheads() -> str:
    return "<defs>" + "".join(
        f'<marker id="arrow-{relation}" viewBox="0 0 10 10" refX="9" refY="5" '
        f'markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" '
        f'fill="{colour}"/></marker>' for relation, colour in COLOURS.items()) + "</defs>"


def _edge_path(parent: Box, child: Box, relation: str, cycle: bool) -> str:
    """A curve from the parent down to the child through the gap between their generations.
    A parent above the last row of its generation leaves down the gap to its right, and a
    child below the first row of its generation is reached down the gap to its left, so no
    edge crosses a box of the parent's or the child's generation."""
    out, into = _leaving(parent), _entering(child)
    (x1, y1), (x2, y2) = out[-1], into[0]
    if y2 <= y1:                       # an edge on a cycle may point up: drawn straight
        return _path_element(f"M{_points(out[:1])}L{_points(into[:1])}", relation, cycle)
    middle = (y1 + y2) // 2
    path = (f"M{_points(out, 'L')}C{x1},{middle} {x2},{middle} {x2},{y2}"
            + (f"L{_points(into[1:], 'L')}" if len(into) > 1 else ""))
    return _path_element(path, relation, cycle)


def _points(points: list[tuple[int, int]], joint: str = "") -> str:
    return joint.join(f"{x},{y}" for x, y in points)


def _leaving(box: Box) -> list[tuple[int, int]]:
    """Where an edge leaves ``box`` and the points it runs through to the gap below the box's
    generation."""
    if box.y + box.height >= box.bottom:
        return [(box.x + box.width // 2, box.y + box.height)]
    gutter, middle = box.x + box.width + _GAP_X // 3, box.y + box.height // 2
    return [(box.x + box.width, middle), (gutter, middle),
            (gutter, box.bottom + _GENERATION_GAP // 3)]


def _entering(box: Box) -> list[tuple[int, int]]:
    """The points through which an edge from the gap above ``box``'s generation enters it."""
    if box.row == 0:
        return [(box.x + box.width // 2, box.y)]
    gutter = box.x - _GAP_X // 3       # apart from the gap's other gutter, for leaving
    middle = box.y + box.height // 2
    return [(gutter, box.top - _GENERATION_GAP // 3), (gutter, middle), (box.x, middle)]


def _path_element(path: str, relation: str, cycle: bool) -> str:
    if relation == SUGGESTED_LABEL:  # only in a report that followed suggestions
        return (f'<path d="{path}" fill="none" stroke="{SUGGESTED_COLOUR}" stroke-width="1.6" '
                'stroke-dasharray="6,4"><title>suggested (inferred, not declared)</title>'
                "</path>")
    colour = COLOURS.get(relation, "#999")
    dash = (' stroke-dasharray="5,3"' if cycle else
            ' stroke-dasharray="1,3"' if relation == INDIRECT else "")
    marker = f' marker-end="url(#arrow-{relation})"' if relation in COLOURS else ""
    return (f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.6"{dash}{marker}>'
            f"<title>{h(relation)}{' (on a declared cycle)' if cycle else ''}</title></path>")


def _box_svg(box: Box) -> str:
    stroke = "#c00" if box.role == "model" else "#888"
    width = 2 if box.role == "model" else 1
    dash = ' stroke-dasharray="3,2"' if box.placeholder or box.role == "more" else ""
    style = ' font-style="italic"' if box.role == "more" else ""
    centre = box.x + box.width // 2
    text = "".join(f'<tspan x="{centre}" y="{box.y + _PAD_PX + _FONT_PX + n * _LINE_PX - 1}">'
                   f"{h(line)}</tspan>" for n, line in enumerate(box.lines))
    return (f'<g class="box"><title>{h(box.title)}</title><rect x="{box.x}" y="{box.y}" '
            f'width="{box.width}" height="{box.height}" rx="5" fill="{_FILLS[box.role]}" '
            f'stroke="{stroke}" stroke-width="{width}"{dash}/><text font-size="{_FONT_PX}" '
            f'text-anchor="middle" font-family="{_FONT}"{style}>{text}</text></g>')


def _legend(y: int) -> str:
    out, x = [], _MARGIN
    for mark, text, colour in _LEGEND:
        out.append(f'<text x="{x}" y="{y}" font-size="12" fill="{colour}" '
                   f'font-family="sans-serif">{mark} {h(text)}</text>')
        x += _legend_step(text)
    return "".join(out)


def _legend_step(text: str) -> int:
    """Room for one legend entry: 8 px a character is more than any 12 px sans-serif needs."""
    return 24 + 8 * len(text)
