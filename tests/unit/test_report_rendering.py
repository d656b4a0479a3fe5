"""The report's family tree (layout, SVG, Mermaid) and its escaping, without a database."""

import re
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.analytics.reads.reports import LineageReport
from lineage.errors import UsageError
from lineage.ui.render.atomic import format_for
from lineage.ui.render.family_tree import (
    LINE_CHARS,
    MAX_WIDTH,
    MOST_LINES,
    PER_GENERATION,
    PER_ROW,
    generations_of,
    mermaid_label,
    tree_layout,
    tree_mermaid,
    tree_svg,
    wrap_id,
)
from lineage.ui.render.lineage_report import (
    FORMATS,
    md,
    md_code,
    render_html,
    render_markdown,
)
from lineage.ui.render.text import h
from tests.unit.report_shapes import shaped_report

SVG = "{http://www.w3.org/2000/svg}"
ATTACK = '<script>alert(1)</script>"onerror="x\'&amp;'


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 14).flatmap(lambda n: st.tuples(
    st.just(n), st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
                        .filter(lambda e: e[0] != e[1]), max_size=30))))
def test_generations_are_networkx_topological_generations_once_cycles_are_cut(case):
    n, edges = case
    nodes = [f"m{i}" for i in range(n)]
    named = [(f"m{a}", f"m{b}") for a, b in edges]
    graph = nx.DiGraph(named)
    graph.add_nodes_from(nodes)
    on_cycle = [c for c in nx.strongly_connected_components(graph) if len(c) > 1]
    acyclic = graph.copy()
    acyclic.remove_edges_from([(a, b) for a, b in named if any(a in c and b in c
                                                                for c in on_cycle)])
    # Longest path from a root: a node's generation is one more than its deepest parent's.
    expected: dict[str, int] = {}
    for key in nx.topological_sort(acyclic):
        expected[key] = max((expected[p] + 1 for p in acyclic.predecessors(key)), default=0)
    assert generations_of(nodes, named) == expected


@st.composite
def reports(draw) -> LineageReport:
    """A report whose drawing holds a random DAG around the model: up to 70 ancestors and 60
    descendants, generations as wide as the cases make them."""
    ups = draw(st.integers(0, 70))
    downs = draw(st.integers(0, 60))
    ancestors, descendants = [], []
    above = ["m"]
    for n in range(ups):
        child = draw(st.sampled_from(above))
        ancestors.append((f"a{n}", child, draw(st.sampled_from(["finetune", "merge"]))))
        above.append(f"a{n}")
    below = ["m"]
    for n in range(downs):
        parent = draw(st.sampled_from(below))
        descendants.append((parent, f"d{n}", draw(st.sampled_from(["adapter", "quantization"]))))
        below.append(f"d{n}")
    return shaped_report("m", ancestors, descendants)


@settings(max_examples=80, deadline=None)
@given(reports())
def test_the_tree_fits_the_page_with_no_box_on_another_and_every_model_counted(report):
    layout = tree_layout(report)
    boxes = list(layout.boxes.values())
    assert layout.width <= MAX_WIDTH <= 1100
    for box in boxes:
        assert 0 <= box.x and box.x + box.width <= layout.width
        assert 0 <= box.y and box.y + box.height <= layout.height
    for n, a in enumerate(boxes):
        for b in boxes[n + 1:]:
            apart = (a.x + a.width <= b.x or b.x + b.width <= a.x
                     or a.y + a.height <= b.y or b.y + b.height <= a.y)
            assert apart, (a.key, b.key)
    shown = 0
    for generation in layout.generations:
        assert len(generation) <= PER_GENERATION
        assert len({box.y for box in generation}) == -(-len(generation) // PER_ROW)
        more = [box for box in generation if box.role == "more"]
        if more:
            assert generation[-1] is more[0] and len(generation) == PER_GENERATION
            hidden = int(re.fullmatch(r"\+(\d+) more", more[0].text).group(1))
            assert more[0].title.count(", ") == hidden - 1
            shown += hidden
        shown += len(generation) - len(more)
    assert shown == len(report.tree_nodes)
    assert layout.boxes["m"].role == "model"
    # Every parent is drawn above its children (no edge here is on a cycle).
    for parent, child, _, _ in layout.edges:
        assert layout.boxes[parent].y + layout.boxes[parent].height < layout.boxes[child].y


def test_a_wide_generation_keeps_the_most_downloaded_and_says_how_many_more():
    kids = [("org/root", f"org/kid-{n:03d}", "finetune") for n in range(40)]
    layout = tree_layout(shaped_report("org/root", [], kids))
    root, children = layout.generations
    assert [box.text for box in root] == ["org/root"]
    assert [box.text for box in children[:-1]] == [f"org/kid-{n:03d}"
                                                   for n in range(PER_GENERATION - 1)]
    hidden = 40 - (PER_GENERATION - 1)
    assert children[-1].text == f"+{hidden} more"
    assert children[-1].title.endswith("org/kid-038, org/kid-039")
    assert layout.width == MAX_WIDTH
    assert ("org/root", children[-1].key, "finetune", False) in layout.edges


def test_a_deep_ancestry_grows_down_not_across():
    chain = [(f"org/a{n + 1}", f"org/a{n}" if n else "org/m", "finetune") for n in range(40)]
    layout = tree_layout(shaped_report("org/m", chain, []))
    assert len(layout.generations) == 41 and layout.width <= MAX_WIDTH
    tops = [generation[0].y for generation in layout.generations]
    assert tops == sorted(tops) and layout.generations[-1][0].text == "org/m"
    assert layout.height > 40 * 40


@given(st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=120))
def test_an_id_wraps_within_its_box_and_is_whole_unless_too_long(text):
    lines = wrap_id(text)
    assert 1 <= len(lines) <= MOST_LINES and all(len(line) <= LINE_CHARS for line in lines)
    if len(text) <= LINE_CHARS * MOST_LINES:
        assert "".join(lines) == text
    else:
        assert lines[-1].endswith("…") and text.startswith("".join(lines)[:-1])


def test_a_long_hub_id_is_shown_whole_on_four_lines():
    hub_id = "some-organ/" + "Llama-3.1-8B-Instruct-abliterated-GGUF-q4" * 2 + "-v2"
    assert len(hub_id) == 96
    assert "".join(wrap_id(hub_id)) == hub_id and len(wrap_id(hub_id)) == MOST_LINES
    assert wrap_id("meta-llama/Llama-3.1-8B-Instruct-abliterated-GGUF") == (
        "meta-llama/", "Llama-3.1-8B-Instruct-", "abliterated-GGUF")


def test_the_svg_is_well_formed_and_carries_every_id_escaped():
    evil = f"org/{ATTACK}"
    report = shaped_report(evil, [("org/base", evil, "finetune")],
                           [(evil, "org/kid", "adapter")])
    svg = tree_svg(report)
    assert "<script" not in svg.lower()
    root = ET.fromstring(svg)
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert evil in titles and "org/base" in titles
    labels = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert evil in labels and all(int(t.get("font-size")) >= 12 for t in root.iter(f"{SVG}text"))
    assert float(root.get("width")) <= MAX_WIDTH


def _decoded(label: str) -> str:
    codes = {"#quot;": '"', "#35;": "#", "#lt;": "<", "#gt;": ">", "#amp;": "&", "#96;": "`",
             "#124;": "|", "#92;": "\\"}
    return re.sub(r"#(?:quot|35|lt|gt|amp|96|124|92);", lambda m: codes[m.group(0)], label)


@given(st.text(max_size=60))
def test_a_mermaid_label_holds_any_text_and_nothing_mermaid_reads(text):
    label = mermaid_label(text)
    assert label.startswith('"') and label.endswith('"')
    inside = label[1:-1]
    assert not set(inside) & set('"<>`|\\\n\r')
    assert _decoded(inside) == " ".join(text.split())


def test_the_mermaid_flowchart_names_the_model_its_parents_and_its_kin():
    report = shaped_report('org/m "v[2]"', [("org/p.one", 'org/m "v[2]"', "merge"),
                                           ("org/p-two", 'org/m "v[2]"', "merge"),
                                           ("org/root", "org/p.one", "finetune")],
                           [('org/m "v[2]"', "org/kid/é", "quantization")])
    chart = tree_mermaid(report)
    lines = chart.splitlines()
    assert lines[0] == "flowchart TB"
    nodes = dict(re.findall(r'^    (m\d+)\["(.*)"\]$', chart, re.M))
    named = {_decoded(label): node for node, label in nodes.items()}
    assert set(named) == {'org/m "v[2]"', "org/p.one", "org/p-two", "org/root", "org/kid/é"}
    edges = set(re.findall(r'^    (m\d+) -->\|"(\w+)"\| (m\d+)$', chart, re.M))
    model = named['org/m "v[2]"']
    assert edges == {(named["org/p.one"], "merge", model), (named["org/p-two"], "merge", model),
                     (named["org/root"], "finetune", named["org/p.one"]),
                     (model, "quantization", named["org/kid/é"])}
    assert f"    class {model} model" in lines


@given(st.text(max_size=60))
def test_markdown_text_escapes_only_what_breaks_a_cell_or_a_line(text):
    escaped = md(text)
    assert "\n" not in escaped and "<" not in escaped
    assert not re.search(r"(?<!\\)(\\\\)*\|", escaped)       # every | is escaped
    unescaped = re.sub(r"\\(.)", r"\1", escaped).replace("&lt;", "<").replace("&amp;", "&")
    assert unescaped == " ".join(text.split())


def test_markdown_leaves_ordinary_punctuation_alone():
    assert md("created_at 2024-05-01T00:00:00+00:00 (v1.5) [x] *a* _b_") == (
        "created_at 2024-05-01T00:00:00+00:00 (v1.5) [x] *a* _b_")
    assert md("a|b\n<i>x</i> &lt;") == "a\\|b &lt;i>x&lt;/i> &amp;lt;"
    assert md("[click](javascript:alert(1)) ![i][x]") == (
        "\\[click](javascript:alert(1)) !\\[i]\\[x]")
    assert [md(x) for x in ["# h", "> q", "- l", "* l", "+ l", "3. n", "===", "-0.5"]] == [
        "\\# h", "\\> q", "\\- l", "\\* l", "\\+ l", "3\\. n", "\\===", "-0.5"]
    assert md_code("org/__evil__.md") == "`org/__evil__.md`"
    assert md_code("a`b") == "``a`b``" and md_code("`a") == "`` `a ``"


def test_both_reports_show_labels_not_keys_and_markdown_has_no_needless_escapes():
    report = shaped_report("org/my_model-v2 (1.5)+", [("org/base_model", "org/my_model-v2 (1.5)+",
                                                       "finetune")], [],
                           created_at="2024-05-01T00:00:00+00:00", pipeline_tag="text_gen")
    text, page = render_markdown(report), render_html(report)
    outside_code = re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)
    assert not re.search(r"\\[_+()\[\]]", outside_code)
    assert "2024-05-01T00:00:00+00:00" in outside_code and "| task | text_gen |" in text
    for rendered in (text, page):
        assert "Family." not in rendered and "created_at" not in rendered
        assert "pipeline_tag" not in rendered and "computed at" in rendered
    assert "```mermaid\nflowchart TB\n" in text and '"org/base_model"' in text
    assert "# Lineage report: `org/my_model-v2 (1.5)+`" in text


def test_markup_in_any_text_is_escaped_in_html():
    assert h("<a href='x'>&</a>") == "&lt;a href=&#x27;x&#x27;&gt;&amp;&lt;/a&gt;"


def test_the_format_comes_from_the_extension():
    assert format_for("r.HTML", FORMATS) == "html" and format_for("r.md", FORMATS) == "md"
    with pytest.raises(UsageError, match="use .htm, .html, .json, .md"):
        format_for("r.pdf", FORMATS)

