"""The family-tree drawing: self-contained (nothing from the internet), coloured by relation."""

from html.parser import HTMLParser
from pathlib import Path

import pyvis

from lineage.analytics.trees import FamilyTree
from lineage.cypher.model import Relation
from lineage.ui.graphview import (
    FOCUS_COLOUR,
    PLACEHOLDER_COLOUR,
    RELATION_COLOURS,
    legend_html,
    tree_html,
)
from tests.drawing import drawn

VIS_NETWORK = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"


def model(model_id, **more):
    return {"id": model_id, "key": model_id.lower(), **more}


def sample_tree():
    """A chosen model with two parents (a merge), a child of every other relation, a
    placeholder parent, a synthetic child, a cycle and models left out."""
    nodes = {m["key"]: m for m in [
        model("org/Merged", downloads=1234), model("org/a"), model("gone/parent", placeholder=True),
        model("org/ft"), model("org/lora"), model("org/q4", synthetic=True), model("org/d")]}
    levels = {"org/merged": 0, "org/a": -1, "gone/parent": -1, "org/ft": 1, "org/lora": 1,
              "org/q4": 1, "org/d": 1}
    edges = [("org/a", "org/merged", "MERGE"), ("gone/parent", "org/merged", "MERGE"),
             ("org/merged", "org/ft", "FINETUNE"), ("org/merged", "org/lora", "ADAPTER"),
             ("org/merged", "org/q4", "QUANTIZATION"), ("org/merged", "org/d", "DERIVATIVE"),
             ("org/d", "org/merged", "DERIVATIVE")]
    return FamilyTree("org/merged", nodes, edges, levels, hidden_children={"org/ft": 1204},
                      hidden_parents={"org/a": 3}, cycles={("org/merged", "org/d"),
                                                           ("org/d", "org/merged")})


class References(HTMLParser):
    """Every URL the page's tags would make a browser fetch, and every tag seen."""

    def __init__(self):
        super().__init__()
        self.urls, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data") and value:
                self.urls.append((tag, value))


def test_the_page_references_nothing_outside_itself():
    page = tree_html(sample_tree())
    references = References()
    references.feed(page)
    assert references.urls == []
    assert "link" not in references.tags and "iframe" not in references.tags
    assert "script" in references.tags
    lowered = page.lower()
    for remote in ("@import", "url(http", "url(//", "src=\"http", "href=\"http", "cdn."):
        assert remote not in lowered, remote


def test_the_page_carries_the_vis_network_library_inline():
    page = tree_html(sample_tree())
    library = VIS_NETWORK.read_text(encoding="utf-8").strip()
    assert len(library) > 100_000 and library in page
    assert "new vis.Network(" in page


def test_edges_are_coloured_by_relation_and_cycles_dashed():
    nodes, edges = drawn(tree_html(sample_tree()))
    assert len(edges) == 7
    for edge in edges:
        relation = next(r for p, c, r in sample_tree().edges
                        if (p, c) == (edge["from"], edge["to"]))
        assert edge["color"] == RELATION_COLOURS[relation]
        assert edge["title"].startswith(Relation[relation].label)
        assert edge["dashes"] is ((edge["from"], edge["to"]) in sample_tree().cycles)
    assert len(set(RELATION_COLOURS.values())) == len(Relation)  # one colour per relation


def test_the_chosen_model_placeholders_synthetic_models_and_left_out_relatives_show():
    nodes, _ = drawn(tree_html(sample_tree()))
    by_id = {node["id"]: node for node in nodes}
    assert by_id["org/merged"]["color"] == FOCUS_COLOUR and by_id["org/merged"]["chosenModel"]
    assert by_id["org/merged"]["label"] == "org/Merged"
    assert by_id["gone/parent"]["color"] == PLACEHOLDER_COLOUR
    assert by_id["gone/parent"]["label"] == "gone/parent\n<i>placeholder</i>"
    assert by_id["org/q4"]["label"] == "org/q4\n<i>synthetic</i>"
    assert "synthetic: generated, not a real Hub model" in by_id["org/q4"]["title"]
    assert by_id["org/ft"]["label"] == "org/ft\n<i>+1,204 children not drawn</i>"
    assert by_id["org/a"]["label"] == "org/a\n<i>+3 parents not drawn</i>"
    assert "1,234 downloads" in by_id["org/merged"]["title"]
    assert "1 generation above the chosen model" in by_id["org/a"]["title"]
    assert {node["level"] for node in nodes} == {-1, 0, 1}


def test_ids_cannot_break_out_of_the_page():
    tree = sample_tree()
    tree.nodes["org/ft"]["id"] = "org/</script><script>alert(1)</script>"
    page = tree_html(tree)
    assert "<script>alert(1)" not in page
    nodes, _ = drawn(page)
    assert any("alert(1)" in node["label"] for node in nodes)


def test_the_legend_names_every_relation():
    legend = legend_html()
    for relation in Relation:
        assert relation.label in legend and RELATION_COLOURS[relation.type] in legend
    assert "placeholder" in legend and "chosen model" in legend
