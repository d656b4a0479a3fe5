"""The Compare page: two models side by side, the lineage path(s) between them and their
nearest common ancestors, drawn. The pair is in the address (``?a=...&b=...``)."""

from __future__ import annotations

import dataclasses
from typing import Any

import streamlit as st

from lineage.errors import ModelNotFound
from lineage.relations import TYPES
from lineage.ui.app.drawing_view import family_tree_view
from lineage.ui.app.session import run_page
from lineage.ui.explorer import Explorer
from lineage.ui.render.drawing import graph_drawing
from lineage.ui.render.facts import escape_markdown, model_facts

DRAWING_HEIGHT = 480


@st.cache_data(ttl=60, show_spinner="Looking for the lineage between them ...")
def lineage_between(_lineage: Explorer, where: str, a: str, b: str) -> dict[str, Any]:
    """The lineage between the two models as plain data: ``paths`` (each with ``ids`` and
    ``steps`` of parent, child, relation word) and ``nearest`` common ancestors."""
    return dataclasses.asdict(_lineage.kin_path(a, b))


def path_graph(found: dict[str, Any]) -> tuple[dict[str, dict], list[tuple[str, str, str]]]:
    """The models and edges of every path found, as the drawing takes them."""
    nodes = {model_id: {"id": model_id} for path in found.get("paths", [])
             for model_id in path["ids"]}
    edges = list(dict.fromkeys((step["parent"], step["child"],
                                TYPES.get(step["relation"], step["relation"]))
                               for path in found.get("paths", []) for step in path["steps"]))
    return nodes, edges


def page() -> None:
    st.title("Compare", anchor=False)
    run_page(body)


def body(lineage: Explorer, where: str) -> None:
    first, second = st.columns(2)
    a = first.text_input("First model", value=st.query_params.get("a", ""), key="a",
                         placeholder="owner/name")
    b = second.text_input("Second model", value=st.query_params.get("b", ""), key="b",
                          placeholder="owner/name")
    if not (a.strip() and b.strip()):
        st.caption("Give two model ids to compare them.")
        return
    st.query_params["a"], st.query_params["b"] = a.strip(), b.strip()
    models = []
    for column, model_id in ((first, a), (second, b)):
        with column:
            try:
                model = lineage.model(model_id)
            except ModelNotFound as err:
                st.warning(escape_markdown(str(err)), icon=":material/search_off:")
                continue
            models.append(model)
            st.subheader(escape_markdown(model["id"]), anchor=False)
            st.markdown("  \n".join(f"**{name}:** {escape_markdown(value)}"
                                    for name, value in model_facts(model)[:7]))
    if len(models) < 2:
        return
    st.subheader("Lineage between them", anchor=False)
    found = lineage_between(lineage, where, models[0]["id"], models[1]["id"])
    nodes, edges = path_graph(found)
    ancestors = [nearest["id"] for nearest in found.get("nearest", [])]
    if found.get("length") is not None:
        st.caption(f"{found['total_paths']:,} shortest path(s) of {found['length']:,} "
                   f"edge(s); {found.get('common', 0):,} common ancestor(s) in all.")
    if not nodes:
        st.info("No lineage path joins these two models: they are in different families.",
                icon=":material/link_off:")
    else:
        highlight = [models[0]["id"], models[1]["id"], *ancestors]
        family_tree_view(graph_drawing(nodes, edges, highlight=highlight),
                         DRAWING_HEIGHT, key="compare-drawing")
    st.markdown("**Nearest common ancestors:** " + (", ".join(
        escape_markdown(a) for a in ancestors) if ancestors else "none"))
