"""The Query page: a Cypher console that only reads the graph, time-, row- and byte-capped.

The explorer runs a query only when the server's plan of it reads the graph and nothing else
(:mod:`lineage.cypher.guard`: no write, no ``LOAD CSV``, no procedure beyond the schema
listings, no administration), in a read transaction, with the timeout
(``LINEAGE_QUERY_TIMEOUT``), the row cap (``LINEAGE_MAX_ROWS``) and the byte cap
(``LINEAGE_MAX_BYTES``), a few at a time for the whole app. The query and its parameters are in
the page's address (``?q=...&params=...``), so a result can be shared.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from lineage.cypher.client import AdhocResult
from lineage.errors import QueryError, UsageError
from lineage.ui.app.drawing_view import family_tree_view
from lineage.ui.app.session import run_page
from lineage.ui.explorer import Explorer
from lineage.ui.render import results
from lineage.ui.render.drawing import graph_drawing
from lineage.ui.render.facts import escape_markdown

DRAWING_HEIGHT = 520
DRAWN_NODES = 500  # more than this is shown as a table only


@st.cache_data(ttl=60, show_spinner="Running the query ...")
def answer(_lineage: Explorer, where: str, text: str, params: str) -> AdhocResult:
    """The result of one query; a rerun with the same query and parameters reads it again
    from the cache instead of running it."""
    return _lineage.cypher(text, results.parse_parameters(params))


def page() -> None:
    st.title("Query", anchor=False)
    run_page(body)


def use_example(lineage: Explorer) -> None:
    name = st.session_state.get("example")
    if name:
        query = lineage.example_queries()[name]
        st.session_state["cypher"] = "\n".join(
            line for line in query.text.splitlines() if not line.startswith("//")).strip()
        st.session_state["params"] = results.example_parameters(query)


def body(lineage: Explorer, where: str) -> None:
    settings = lineage.settings
    st.caption(f"Read-only Cypher against {escape_markdown(where)}: a query that does more "
               "than read the graph (writes, LOAD CSV, procedures beyond the schema listings, "
               f"administration) is refused, one that runs past {settings.query_timeout:g} s "
               f"is stopped, and at most {settings.max_rows:,} rows and "
               f"{settings.max_bytes / 2**20:g} MiB come back.")
    if "cypher" not in st.session_state:
        st.session_state["cypher"] = st.query_params.get("q", "")
        st.session_state["params"] = st.query_params.get("params", "")
    examples = lineage.example_queries()
    with st.expander("Examples: the project's named queries"):
        st.selectbox("Named query", list(examples), index=None, key="example",
                     placeholder="Pick one to copy it into the console",
                     on_change=use_example, args=(lineage,))
        chosen = st.session_state.get("example")
        if chosen:
            query = examples[chosen]
            st.markdown(escape_markdown(query.purpose))
            if query.parameters:
                st.caption("Parameters: " + "; ".join(
                    f"${name}: {escape_markdown(text)}" for name, text in query.parameters.items()))
            st.caption("Returns: " + escape_markdown(", ".join(query.returns)))
    text = st.text_area("Cypher", key="cypher", height=140,
                        placeholder="MATCH (m:Model) RETURN m.id, m.downloads "
                                    "ORDER BY m.downloads DESC LIMIT 10")
    params = st.text_area("Parameters (a JSON object)", key="params", height=68,
                          placeholder='{"id": "meta-llama/Llama-3.1-8B"}')
    run = st.button("Run", type="primary", key="run", icon=":material/play_arrow:")
    if not text.strip():
        st.query_params.pop("q", None)
        return
    if not (run or st.query_params.get("q") == text):
        st.caption("Press Run to ask the database.")
        return
    st.query_params["q"] = text
    if params.strip():
        st.query_params["params"] = params
    else:
        st.query_params.pop("params", None)
    try:
        result = answer(lineage, where, text, params)
    except (QueryError, UsageError) as err:
        st.error(one_line(str(err)), icon=":material/block:")
        return
    show_result(result, settings.max_rows, settings.max_bytes)


def one_line(message: str, most: int = 300) -> str:
    """The first line of an error, shortened (Neo4j lists every keyword it expected)."""
    line = message.splitlines()[0] if message else ""
    return line if len(line) <= most else line[:most].rstrip() + " …"


def show_result(result: AdhocResult, max_rows: int, max_bytes: int) -> None:
    rows = results.table(result.columns, result.rows)
    if result.cut_by == "rows":
        st.warning(f"The result was cut at LINEAGE_MAX_ROWS = {max_rows:,} rows: more rows "
                   "match. Narrow the query (or add LIMIT) to see all of it.",
                   icon=":material/content_cut:")
    elif result.cut_by == "bytes":
        st.warning(f"The result was cut at {len(rows):,} rows: it passed LINEAGE_MAX_BYTES = "
                   f"{max_bytes:,} bytes. Return fewer or smaller values to see all of it.",
                   icon=":material/content_cut:")
    st.caption(f"{len(rows):,} row{'s' if len(rows) != 1 else ''}")
    nodes, edges = results.graph_of(result.rows)
    table, drawing = st.tabs(["Table", "Drawing"]) if nodes else (st.container(), None)
    with table:
        st.dataframe(rows, hide_index=True, column_order=result.columns)
        first, second = st.columns(2)
        first.download_button("Download CSV", results.to_csv(result.columns, result.rows),
                              file_name="query.csv", mime="text/csv", key="csv",
                              on_click="ignore")
        second.download_button("Download JSON", results.to_json(result.rows),
                               file_name="query.json", mime="application/json", key="json",
                               on_click="ignore")
    if drawing is not None:
        with drawing:
            show_drawing(nodes, edges)


def show_drawing(nodes: dict[str, dict[str, Any]], edges: list[tuple[str, str, str]]) -> None:
    if len(nodes) > DRAWN_NODES:
        st.info(f"{len(nodes):,} nodes: too many to draw; the table holds them all.")
        return
    clicked = family_tree_view(graph_drawing(nodes, edges), DRAWING_HEIGHT,
                               key="query-drawing")
    st.caption(f"{len(nodes):,} nodes, {len(edges):,} relationships · click a model to open "
               "its page")
    if clicked and "Model" in (nodes.get(clicked, {}).get("labels") or []):
        from lineage.ui.app.views import open_model
        open_model(clicked)
