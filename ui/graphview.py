"""Draw a :class:`FamilyTree` with pyvis as one self-contained HTML page.

Nothing is fetched from the internet when the page shows: pyvis inlines vis-network
(``cdn_resources='in_line'``), and the links its template still makes (Bootstrap from a CDN,
``../node_modules/vis``) are removed.
"""

from __future__ import annotations

import html
import json
import re

from pyvis.network import Network

from lineage.analytics.trees import FamilyTree
from lineage.cypher.model import Relation

RELATION_COLOURS = {
    Relation.FINETUNE.type: "#1f77b4",
    Relation.ADAPTER.type: "#2ca02c",
    Relation.QUANTIZATION.type: "#ff7f0e",
    Relation.MERGE.type: "#9467bd",
    Relation.DERIVATIVE.type: "#7f7f7f",
}
FOCUS_COLOUR = "#d62728"
_EXTERNAL = re.compile(r"<link\b[^>]*>|<script\b[^>]*\bsrc=[^>]*>\s*</script>", re.I | re.S)

_OPTIONS = {
    "layout": {"hierarchical": {"enabled": True, "direction": "UD", "sortMethod": "directed",
                                "levelSeparation": 110, "nodeSpacing": 160}},
    "physics": {"enabled": False},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "smooth": False},
    "interaction": {"hover": True, "navigationButtons": True},
}


def tree_html(tree: FamilyTree, height: int = 620) -> str:
    """A standalone HTML page drawing ``tree``: edges coloured by relation, focus in red."""
    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line")
    for key, model in tree.nodes.items():
        label = model["id"]
        hidden = tree.hidden_children.get(key)
        title = [model["id"], f"generation {tree.levels[key]:+d} from the chosen model"]
        if model.get("downloads") is not None:
            title.append(f"{model['downloads']:,} downloads")
        if model.get("placeholder"):
            title.append("placeholder: referenced but not loaded")
        if model.get("synthetic"):
            title.append("synthetic model")
        if hidden:
            title.append(f"{hidden:,} more children not drawn")
        net.add_node(key, label=label + (f"\n(+{hidden:,})" if hidden else ""),
                     title="\n".join(title), level=tree.levels[key],
                     color=FOCUS_COLOUR if key == tree.focus else (
                         "#dddddd" if model.get("placeholder") else "#97c2fc"),
                     shape="box", borderWidth=3 if key == tree.focus else 1)
    for parent, child, relation in tree.edges:
        net.add_edge(parent, child, color=RELATION_COLOURS.get(relation, "#7f7f7f"),
                     title=Relation[relation].label, width=2)
    net.set_options(json.dumps(_OPTIONS))
    return _EXTERNAL.sub("", net.generate_html())


def legend_html() -> str:
    """A one-line legend of the relation colours."""
    items = [f'<span style="color:{colour};font-weight:bold">&#9632; '
             f"{html.escape(Relation[name].label)}</span>"
             for name, colour in RELATION_COLOURS.items()]
    return " &nbsp; ".join(items)
