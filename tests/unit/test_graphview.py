"""The family-tree drawing: its component loads nothing from the internet, and the data it
draws is coloured by relation."""

import json
import re
from html.parser import HTMLParser

from lineage.analytics.reads.trees import FamilyTree
from lineage.relations import Relation
from lineage.ui.app.drawing_view import FOLDER
from lineage.ui.render.drawing import (
    FOCUS_COLOUR,
    PLACEHOLDER_COLOUR,
    RELATION_COLOURS,
    relation_legend,
    tree_drawing,
)
from tests.drawing import drawn


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


def test_the_component_references_only_its_own_files():
    page = (FOLDER / "index.html").read_text(encoding="utf-8")
    references = References()
    references.feed(page)
    # Relative names of files in the component's folder, served by the app's own server.
    assert sorted(url for _, url in references.urls) == [
        "drawing.css", "drawing.js", "vis-network.css", "vis-network.min.js"]
    for _, url in references.urls:
        assert (FOLDER / url).is_file() and "/" not in url and ":" not in url
    assert "iframe" not in references.tags
    for name in ("index.html", "drawing.js", "drawing.css", "vis-network.css"):
        text = (FOLDER / name).read_text(encoding="utf-8").lower()
        for remote in ("@import", "url(http", "url(//", "src=\"http", "href=\"http", "cdn.",
                       "fetch(", "xmlhttprequest", "innerhtml"):
            assert remote not in text, (name, remote)
    # The only url() of vis-network's styles are inline images.
    styles = (FOLDER / "vis-network.css").read_text(encoding="utf-8")
    assert all(url.startswith("data:image/") for url in
               re.findall(r'url\("?([^")]*)', styles))


def test_the_bundled_vis_network_keeps_its_version_and_licence_notice():
    library = (FOLDER / "vis-network.min.js").read_text(encoding="utf-8")
    header = library[:library.index("*/")]
    assert len(library) > 100_000 and "@version 9.1.2" in header
    assert "Apache 2.0 License" in header and "MIT License" in header
    notice = (FOLDER / "vis-network-LICENSE.txt").read_text(encoding="utf-8")
    assert "9.1.2" in notice and "Permission is hereby granted" in notice


def test_a_drawing_is_plain_json():
    drawing = tree_drawing(sample_tree())
    assert json.loads(json.dumps(drawing)) == drawing
    assert set(drawing) == {"nodes", "edges", "options", "legend", "min_scale"}


def test_edges_are_coloured_by_relation_and_cycles_dashed():
    nodes, edges = drawn(tree_drawing(sample_tree()))
    assert len(edges) == 7
    for edge in edges:
        relation = next(r for p, c, r in sample_tree().edges
                        if (p, c) == (edge["from"], edge["to"]))
        assert edge["color"] == RELATION_COLOURS[relation]
        assert edge["title"].startswith(Relation[relation].label)
        assert edge["dashes"] is ((edge["from"], edge["to"]) in sample_tree().cycles)
    assert len(set(RELATION_COLOURS.values())) == len(Relation)  # one colour per relation


def test_the_chosen_model_placeholders_synthetic_models_and_left_out_relatives_show():
    nodes, _ = drawn(tree_drawing(sample_tree()))
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


def test_ids_in_labels_are_escaped_and_tooltips_keep_them_as_text():
    tree = sample_tree()
    tree.nodes["org/ft"]["id"] = "org/</script><script>alert(1)</script>"
    nodes, _ = drawn(tree_drawing(tree))
    [label] = [node["label"] for node in nodes if node["id"] == "org/ft"]
    # Escaped for the labels' HTML-like markup; the tooltip keeps the id as text.
    assert label.startswith("org/&lt;/script&gt;&lt;script&gt;alert(1)")


def test_the_legend_names_every_relation():
    legend = {row["text"]: row for row in relation_legend()}
    for relation in Relation:
        assert legend[relation.label]["colour"] == RELATION_COLOURS[relation.type]
    assert legend["on a cycle"]["dashed"]
    assert legend["placeholder"]["kind"] == "box" and "chosen model" in legend


def test_suggested_parents_are_dashed_labelled_edges_apart_from_the_declared_ones():
    from lineage.ui.render.drawing import SUGGESTED_COLOUR

    tree = sample_tree()
    tree.suggested.append({"parent": "org/a", "child": "org/merged", "relation": "finetune",
                           "confidence": 0.926, "evidence": ["card links to it",
                                                             "<b>name</b> derived"]})
    _, edges = drawn(tree_drawing(tree))
    [suggested] = [e for e in edges if e.get("label")]
    assert (suggested["from"], suggested["to"], suggested["dashes"], suggested["color"]) == (
        "org/a", "org/merged", True, SUGGESTED_COLOUR)
    assert suggested["label"] == "suggested finetune (0.93)"
    # The evidence is text in the tooltip, one reason a line.
    assert suggested["title"].splitlines()[-2:] == ["- card links to it", "- <b>name</b> derived"]
    # The declared merge edge between the same two models stays as it was.
    assert {"from": "org/a", "to": "org/merged"}.items() <= next(
        e for e in edges if e["color"] == RELATION_COLOURS["MERGE"]).items()
    assert SUGGESTED_COLOUR not in RELATION_COLOURS.values()
    legend = {row["text"]: row for row in relation_legend()}
    assert legend["suggested (inferred, not declared)"]["dashed"]
