"""Draw a :class:`FamilyTree` with pyvis as one self-contained HTML page.

Nothing is fetched from the internet when the page shows: pyvis renders our own template
(``templates/family_tree.html``), which inlines vis-network from pyvis's package
(``cdn_resources='in_line'``) and has none of the Bootstrap links of pyvis's own template.
"""

from __future__ import annotations

import functools
import html
import json
from pathlib import Path
import jinja2
import pyvis
from pyvis.network import Network

from lineage.analytics.trees import FamilyTree
from lineage.cypher.model import Relation
from lineage.ui.facts import counted

RELATION_COLOURS = {
    Relation.FINETUNE.type: "#1f77b4",
    Relation.ADAPTER.type: "#2ca02c",
    Relation.QUANTIZATION.type: "#ff7f0e",
    Relation.MERGE.type: "#9467bd",
    Relation.DERIVATIVE.type: "#7f7f7f",
}
FOCUS_COLOUR = {"background": "#d62728", "border": "#8c1a1b"}
MODEL_COLOUR = {"background": "#dce9f7", "border": "#4a7ab0"}
PLACEHOLDER_COLOUR = {"background": "#f1f1f1", "border": "#a0a0a0"}
MIN_SCALE = 0.7  # the smallest zoom a drawing starts at: labels stay readable
TEMPLATES = Path(__file__).resolve().parent / "templates"

_OPTIONS = {
    # Left to right: Hub ids are long, so generations side by side and siblings stacked read
    # best. Levels come from the tree (generations relative to the chosen model).
    "layout": {"hierarchical": {"enabled": True, "direction": "LR", "sortMethod": "directed",
                                "levelSeparation": 300, "nodeSpacing": 42, "treeSpacing": 60,
                                "shakeTowards": "roots"}},
    "physics": {"enabled": False},
    "nodes": {"shape": "box", "margin": 6, "widthConstraint": {"maximum": 240},
              "font": {"multi": "html", "size": 15, "face": "Source Sans Pro, sans-serif"}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "width": 2,
              "smooth": {"enabled": True, "type": "cubicBezier",
                         "forceDirection": "horizontal", "roundness": 0.5}},
    "interaction": {"hover": True, "keyboard": False, "tooltipDelay": 150},
}


def tree_html(tree: FamilyTree, height: int = 620) -> str:
    """A standalone HTML page drawing ``tree``: edges coloured by relation, the chosen model
    in red, placeholders grey, synthetic models labelled, left-out relatives counted."""
    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line")
    net.templateEnv = _environment()
    net.path = "family_tree.html"
    for key, model in tree.nodes.items():
        net.add_node(key, label=_label(tree, key), title=_tooltip(tree, key), shape="box",
                     level=tree.levels[key], color=_colour(tree, key),
                     borderWidth=3 if key == tree.focus else 1,
                     shapeProperties={"borderDashes": [4, 3] if model.get("placeholder")
                                      else False},
                     font={"color": "#ffffff" if key == tree.focus else "#1f2330"},
                     chosenModel=key == tree.focus)
    for parent, child, relation in tree.edges:
        on_cycle = (parent, child) in tree.cycles
        net.add_edge(parent, child, color=RELATION_COLOURS.get(relation, "#7f7f7f"),
                     dashes=on_cycle,
                     title=Relation[relation].label + (" (on a declared cycle)" if on_cycle
                                                       else ""))
    net.set_options(json.dumps(_OPTIONS))
    return net.generate_html()


@functools.cache
def _environment() -> jinja2.Environment:
    """Our template first; pyvis's folder for the vis-network files it includes."""
    env = jinja2.Environment(loader=jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(TEMPLATES),
        jinja2.FileSystemLoader(Path(pyvis.__file__).resolve().parent / "templates"),
    ]))
    env.globals["legend"] = legend_html()
    env.globals["min_scale"] = MIN_SCALE
    return env


def _colour(tree: FamilyTree, key: str) -> dict[str, str]:
    if key == tree.focus:
        return FOCUS_COLOUR
    return PLACEHOLDER_COLOUR if tree.nodes[key].get("placeholder") else MODEL_COLOUR


def _label(tree: FamilyTree, key: str) -> str:
    model = tree.nodes[key]
    lines = [html.escape(model["id"])]
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
    left_out = left_out_text(tree, key)
    if left_out:
        lines.append(left_out)
    if key != tree.focus:
        lines.append("Click to show its family tree")
    return "\n".join(lines)


def legend_html() -> str:
    """The legend drawn over the tree: relation colours and what node styles mean."""
    rows = [f'<span class="swatch" style="border-color:{colour}"></span>'
            f"{html.escape(Relation[name].label)}"
            for name, colour in RELATION_COLOURS.items()]
    rows.append('<span class="swatch" style="border-top-style:dashed;border-color:#555">'
                "</span>on a cycle")
    for name, colour in (("chosen model", FOCUS_COLOUR), ("model", MODEL_COLOUR),
                         ("placeholder", PLACEHOLDER_COLOUR)):
        rows.append(f'<span class="box" style="background:{colour["background"]};'
                    f'border-color:{colour["border"]}"></span>{name}')
    return "<br>".join(rows)

