"""Drawings of a :class:`FamilyTree` or any small graph, as the data vis-network draws.

A drawing is a JSON-ready dict: ``nodes`` and ``edges`` in vis-network's form, its
``options``, the ``legend`` rows and the zoom it may start at (``min_scale``). The app shows it
with the drawing component of :mod:`lineage.ui.app.drawing_view`, whose files (vis-network included)
the app's server serves: nothing is fetched from the internet.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from typing import Any

from lineage.analytics.reads.trees import FamilyTree
from lineage.relations import Relation
from lineage.ui.render.facts import counted

RELATION_COLOURS = {
    Relation.FINETUNE.type: "#1f77b4",
    Relation.ADAPTER.type: "#2ca02c",
    Relation.QUANTIZATION.type: "#ff7f0e",
    Relation.MERGE.type: "#9467bd",
    Relation.DERIVATIVE.type: "#7f7f7f",
}
#: Suggested parents (``lineage infer``: inferred, not declared): dashed, in a colour no
#: relation has, so they never read as declared lineage.
SUGGESTED_COLOUR = "#e377c2"
#: Ended edges (asked for with "Show history": a parent the child no longer declares): dashed
#: grey, labelled with the relation they had and the day they ended.
ENDED_COLOUR = "#9e9e9e"
FOCUS_COLOUR = {"background": "#d62728", "border": "#8c1a1b"}
MODEL_COLOUR = {"background": "#dce9f7", "border": "#4a7ab0"}
PLACEHOLDER_COLOUR = {"background": "#f1f1f1", "border": "#a0a0a0"}
#: A removed model (a complete listing no longer holds it; kept with its history): greyed, with
#: a dashed border and "(removed)" after its id.
REMOVED_COLOUR = {"background": "#e4e4e4", "border": "#8c8c8c"}
REMOVED_FONT = "#6b6b6b"
MIN_SCALE = 0.7  # the smallest zoom a drawing starts at: labels stay readable

_OPTIONS = {
    # Left to right: Hub ids are long, so generations side by side and siblings stacked read
    # best. Levels come from the tree (generations relative to the chosen model). A long id
    # wraps to two or three lines in its box, so stacked siblings need 70 px between centres.
    "layout": {"hierarchical": {"enabled": True, "direction": "LR", "sortMethod": "directed",
                                "levelSeparation": 300, "nodeSpacing": 70, "treeSpacing": 80,
                                "shakeTowards": "roots"}},
    "physics": {"enabled": False},
    "nodes": {"shape": "box", "margin": 6, "widthConstraint": {"maximum": 240},
              "font": {"multi": "html", "size": 15, "face": "Source Sans Pro, sans-serif"}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "width": 2,
              "smooth": {"enabled": True, "type": "cubicBezier",
                         "forceDirection": "horizontal", "roundness": 0.5}},
    "interaction": {"hover": True, "keyboard": False, "tooltipDelay": 150},
}


def tree_drawing(tree: FamilyTree, colour_by: str = "relation",
                 traits: Mapping[str, Mapping[str, Any]] | None = None,
                 as_of: dt.date | None = None) -> dict[str, Any]:
    """The drawing of ``tree``: edges coloured by relation, the chosen model in red,
    placeholders grey, synthetic models labelled, left-out relatives counted; the tree's
    suggested parents as dashed edges in :data:`SUGGESTED_COLOUR`, labelled with the
    suggested relation and confidence, the evidence in their tooltip. Removed models are
    greyed with a dashed border and ``(removed)`` after their id, the day in their tooltip;
    the tree's ended edges (``tree.ended``, only when the walk was asked for its history) are
    dashed grey edges labelled ``ended <relation> <day>``.

    ``colour_by`` (one of :data:`COLOURINGS`) fills the models' boxes by relation (the
    default: one colour for all), licence, generation or disruption, read from ``traits``
    (model key -> properties). With ``as_of``, models created after that day are left out
    (the chosen model always stays): the family as it stood on the day.
    """
    if colour_by not in COLOURINGS:
        raise ValueError(f"colour_by must be one of {', '.join(COLOURINGS)}")
    traits = traits or {}
    shown = {key for key in tree.nodes
             if key == tree.focus or as_of is None
             or not _created_after(traits.get(key, tree.nodes[key]), as_of)}
    colours, legend = _colouring(tree, colour_by, traits, shown)
    nodes = [{"id": key, "label": _label(tree, key), "title": _tooltip(tree, key), "shape": "box",
              "level": tree.levels[key], "color": colours.get(key) or _colour(tree, key),
              "borderWidth": 3 if key == tree.focus else 1,
              "shapeProperties": {"borderDashes": [4, 3] if model.get("placeholder")
                                  else [6, 3] if model.get("removed") else False},
              "font": {"color": "#ffffff" if key == tree.focus
                       else REMOVED_FONT if model.get("removed") else "#1f2330"},
              "chosenModel": key == tree.focus}
             for key, model in tree.nodes.items() if key in shown]
    edges = []
    for parent, child, relation in tree.edges:
        if parent not in shown or child not in shown:
            continue
        on_cycle = (parent, child) in tree.cycles
        edges.append({"from": parent, "to": child,
                      "color": RELATION_COLOURS.get(relation, "#7f7f7f"), "dashes": on_cycle,
                      "title": Relation[relation].label + (" (on a declared cycle)" if on_cycle
                                                          else "")})
    edges += [suggested_edge(s) for s in tree.suggested
              if s["parent"] in shown and s["child"] in shown]
    ended = [ended_edge(e) for e in tree.ended if e["parent"] in shown and e["child"] in shown]
    edges += ended
    if colour_by == "relation" and any(tree.nodes[key].get("removed") for key in shown):
        legend.append(_legend_row("box", REMOVED_COLOUR["background"],
                                  "removed (kept with its history)",
                                  border=REMOVED_COLOUR["border"], dashed=True))
    if ended:
        legend.append(_legend_row("swatch", ENDED_COLOUR, "ended (no longer declared)",
                                  dashed=True))
    return _drawing(nodes, edges, _OPTIONS, legend)


def ended_edge(ended: Mapping[str, Any]) -> dict[str, Any]:
    """One ended edge as a vis-network edge: dashed grey, labelled ``ended <relation> <day>``,
    the load that ended it in its tooltip (text, not HTML).

    Examples
    --------
    >>> edge = ended_edge({"parent": "a", "child": "b", "relation": "FINETUNE",
    ...                    "ended_at": dt.datetime(2026, 3, 1, 9, 30), "ended_snapshot": "s2"})
    >>> edge["label"], edge["dashes"]
    ('ended finetune 2026-03-01', True)
    """
    relation = ended.get("relation")
    word = (Relation[relation].label if relation in Relation.__members__
            else str(relation or "lineage").lower())
    day = _day(ended.get("ended_at"))
    words = " ".join(part for part in ("ended", word, day) if part)
    title = "\n".join([
        words, "the child no longer declares this parent (or left its source): kept as "
        "history, followed by no lineage read",
        f"ended by the load {ended.get('ended_snapshot') or '(not recorded)'}"
        + (f" on {day}" if day else "")])
    # Curved its own way: a parent declared again (a model that left and came back) has a
    # current edge to the same child, which the ended one would otherwise cover.
    return {"from": ended["parent"], "to": ended["child"], "color": ENDED_COLOUR,
            "dashes": True, "label": words, "title": title,
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.25},
            "font": {"size": 11, "color": "#7a7a7a", "strokeWidth": 3, "align": "middle"}}


def _day(value: Any) -> str:
    """A moment as its day (``2026-03-01``), or ``''`` when unknown."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value)[:10] if value else ""


def suggested_edge(suggestion: Mapping[str, Any]) -> dict[str, Any]:
    """One suggested parent as a vis-network edge: dashed, labelled ``suggested <relation>
    (<confidence>)``, the evidence in its tooltip (text, not HTML).

    Examples
    --------
    >>> edge = suggested_edge({"parent": "a", "child": "b", "relation": "finetune",
    ...                        "confidence": 0.934, "evidence": ["card links to it"]})
    >>> edge["label"], edge["dashes"]
    ('suggested finetune (0.93)', True)
    """
    words = f"suggested {suggestion['relation'] or 'parent'} ({suggestion['confidence']:.2f})"
    evidence = [f"- {reason}" for reason in suggestion.get("evidence") or ()]
    title = "\n".join([words, "inferred by lineage infer, not declared by the model",
                        *(["evidence:", *evidence] if evidence else [])])
    return {"from": suggestion["parent"], "to": suggestion["child"], "color": SUGGESTED_COLOUR,
            "dashes": True, "label": words, "title": title,
            "font": {"size": 11, "color": SUGGESTED_COLOUR, "strokeWidth": 3,
                     "align": "middle"}}


def _drawing(nodes: list[dict], edges: list[dict], options: dict,
             legend: list[dict[str, Any]]) -> dict[str, Any]:
    return {"nodes": nodes, "edges": edges, "options": options, "legend": legend,
            "min_scale": MIN_SCALE}


def _created_after(model: Mapping[str, Any], day: dt.date) -> bool:
    created = model.get("created_at")
    if created is None:
        return False  # unknown: shown
    return (created.date() if isinstance(created, dt.datetime) else created) > day


COLOURINGS = ("relation", "licence", "generation", "disruption")
CATEGORY_COLOURS = ("#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
                    "#f7b6d2", "#dbdb8d", "#9edae5", "#e7cb94")
OTHER_COLOUR = {"background": "#ffffff", "border": "#a0a0a0"}


def _box(background: str) -> dict[str, str]:
    return {"background": background, "border": "#4a4f5c"}


def _colouring(tree: FamilyTree, colour_by: str, traits: Mapping[str, Mapping[str, Any]],
               shown: set[str]) -> tuple[dict[str, dict[str, str]], list[dict[str, Any]]]:
    """Box colours by model key (the chosen model keeps its own) and the legend to match."""
    if colour_by == "relation":
        return {}, relation_legend()
    keys = [key for key in tree.nodes if key in shown and key != tree.focus]
    rows = []
    colours: dict[str, dict[str, str]] = {}
    if colour_by == "licence":
        first = {key: (traits.get(key, {}).get("licenses") or [None])[0] for key in keys}
        ranked = sorted({v for v in first.values() if v},
                        key=lambda v: (-sum(1 for x in first.values() if x == v), v))
        palette = dict(zip(ranked, CATEGORY_COLOURS))
        for key, value in first.items():
            colours[key] = _box(palette[value]) if value in palette else OTHER_COLOUR
        rows = [(palette[v], v) for v in ranked[:len(CATEGORY_COLOURS)]]
        rows.append((OTHER_COLOUR["background"], "other or not stated"))
    elif colour_by == "generation":
        values = {key: traits.get(key, {}).get("generation") for key in keys}
        known = [v for v in values.values() if v is not None]
        top = max(known, default=0) or 1
        for key, value in values.items():
            colours[key] = (OTHER_COLOUR if value is None
                            else _box(_blend("#f7fbff", "#08519c", value / top)))
        rows = [(_blend("#f7fbff", "#08519c", 0), "generation 0 (a root)"),
                (_blend("#f7fbff", "#08519c", 1), f"generation {top}"),
                (OTHER_COLOUR["background"], "not computed")]
    else:
        for key in keys:
            value = traits.get(key, {}).get("mdi")
            colours[key] = (OTHER_COLOUR if value is None else _box(
                _blend("#ffffff", "#b2182b", value) if value >= 0
                else _blend("#ffffff", "#2166ac", -value)))
        rows = [("#b2182b", "disruptive (index +1)"), ("#ffffff", "neither (0)"),
                ("#2166ac", "consolidating (index −1)"),
                ("#eeeeee", "undefined or not computed")]
    return colours, [_legend_row("box", colour, str(name), border="#4a4f5c")
                     for colour, name in rows]


def _blend(low: str, high: str, share: float) -> str:
    """The colour ``share`` (0 to 1) of the way from ``low`` to ``high``."""
    share = min(max(float(share), 0.0), 1.0)
    a = [int(low[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b))


def graph_drawing(nodes: Mapping[str, Mapping[str, Any]],
                  edges: Sequence[tuple[str, str, str]],
                  highlight: Sequence[str] = ()) -> dict[str, Any]:
    """The drawing of any small graph: ``nodes`` by id (their properties shown in the tooltip
    as text), ``edges`` as (start id, end id, type); ``highlight`` ids in red.

    Every label and tooltip is text: vis-network shows a string title as text, and labels
    are escaped before its ``multi: html`` font reads them.
    """
    drawn = []
    for node_id, props in nodes.items():
        labels = props.get("labels") or []
        node = {"id": node_id, "label": html.escape(str(props.get("id", node_id))),
                "title": _properties_text(props), "shape": "box",
                "color": FOCUS_COLOUR if node_id in highlight else MODEL_COLOUR,
                "font": {"color": "#ffffff" if node_id in highlight else "#1f2330"}}
        if labels:
            node["group"] = labels[0]
        drawn.append(node)
    lines = [{"from": start, "to": end, "title": str(kind),
              "color": RELATION_COLOURS.get(kind, "#7f7f7f")}
             for start, end, kind in edges if start in nodes and end in nodes]
    options = {**_OPTIONS, "layout": {"hierarchical": {
        **_OPTIONS["layout"]["hierarchical"], "levelSeparation": 260}}}
    legend = [_legend_row("swatch", colour, Relation[name].label)
              for name, colour in RELATION_COLOURS.items()]
    return _drawing(drawn, lines, options, legend)


def _properties_text(props: Mapping[str, Any], most: int = 12) -> str:
    """A node's labels and first properties as plain lines for its tooltip."""
    lines = [":".join(props.get("labels") or [])] if props.get("labels") else []
    for name, value in list((k, v) for k, v in props.items() if k != "labels")[:most]:
        text = str(value)
        lines.append(f"{name}: {text[:200]}{'…' if len(text) > 200 else ''}")
    return "\n".join(lines)


def _colour(tree: FamilyTree, key: str) -> dict[str, str]:
    if key == tree.focus:
        return FOCUS_COLOUR
    if tree.nodes[key].get("removed"):
        return REMOVED_COLOUR
    return PLACEHOLDER_COLOUR if tree.nodes[key].get("placeholder") else MODEL_COLOUR


def _label(tree: FamilyTree, key: str) -> str:
    model = tree.nodes[key]
    lines = [html.escape(model["id"]) + (" (removed)" if model.get("removed") else "")]
    marks = [word for word in ("synthetic", "placeholder") if model.get(word)]
    if marks:
        lines.append("<i>" + " · ".join(marks) + "</i>")
    left_out = left_out_text(tree, key)
    if left_out:
        lines.append(f"<i>{left_out}</i>")
    return "\n".join(lines)


def left_out_text(tree: FamilyTree, key: str) -> str:
    """``'+3 parents, +1,204 children not drawn'`` for a model, or ``''``."""
    parts = [f"+{counted(number, word)}"
             for number, word in ((tree.hidden_parents.get(key, 0), "parent"),
                                  (tree.hidden_children.get(key, 0), "child")) if number]
    return ", ".join(parts) + " not drawn" if parts else ""


def _tooltip(tree: FamilyTree, key: str) -> str:
    model = tree.nodes[key]
    level = tree.levels[key]
    where = ("the chosen model" if level == 0 else
             f"{abs(level)} generation{'s' if abs(level) > 1 else ''} "
             f"{'above' if level < 0 else 'below'} the chosen model")
    lines = [model["id"], where]
    numbers = [f"{model[name]:,} {name}" for name in ("downloads", "likes")
               if model.get(name) is not None]
    if numbers:
        lines.append(" · ".join(numbers))
    if model.get("pipeline_tag"):
        lines.append(model["pipeline_tag"])
    if model.get("placeholder"):
        lines.append("placeholder: referenced as a parent but not loaded yet")
    if model.get("synthetic"):
        lines.append("synthetic: generated, not a real Hub model")
    if model.get("removed"):
        day = _day(model.get("removed_at"))
        load = model.get("removed_snapshot")
        lines.append("removed: no longer listed by its source"
                     + (f" since {day}" if day else "") + (f" (load {load})" if load else "")
                     + "; kept with its history")
    left_out = left_out_text(tree, key)
    if left_out:
        lines.append(left_out)
    if key != tree.focus:
        lines.append("Click to show its family tree")
    return "\n".join(lines)


def _legend_row(kind: str, colour: str, text: str, border: str | None = None,
                dashed: bool = False) -> dict[str, Any]:
    """One row of a legend: a ``swatch`` (a line, for edges) or a ``box`` (for models) in
    ``colour``, and its text (shown as text)."""
    return {"kind": kind, "colour": colour, "border": border or colour, "dashed": dashed,
            "text": text}


def relation_legend() -> list[dict[str, Any]]:
    """The legend drawn over the tree: relation colours and what node styles mean."""
    rows = [_legend_row("swatch", colour, Relation[name].label)
            for name, colour in RELATION_COLOURS.items()]
    rows.append(_legend_row("swatch", "#555", "on a cycle", dashed=True))
    rows.append(_legend_row("swatch", SUGGESTED_COLOUR, "suggested (inferred, not declared)",
                            dashed=True))
    for name, colour in (("chosen model", FOCUS_COLOUR), ("model", MODEL_COLOUR),
                         ("placeholder", PLACEHOLDER_COLOUR)):
        rows.append(_legend_row("box", colour["background"], name, border=colour["border"]))
    return rows
