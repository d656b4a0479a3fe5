"""The Ecosystem page: the whole graph at a glance, from stored results only.

Every figure here is read from what loads, ``lineage compute`` and ``lineage analyze`` stored,
so the page never waits for a computation; each read is cached. What the loads changed is the
"What changed" panel (:mod:`lineage.ui.app.views.changes`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from lineage.analytics.replication import published
from lineage.errors import LineageError
from lineage.ui.app.drawing_view import family_tree_view
from lineage.ui.app.session import run_page
from lineage.ui.app.views import changes, stored_results
from lineage.ui.explorer import Explorer
from lineage.ui.render import results
from lineage.ui.render.drawing import graph_drawing
from lineage.ui.render.facts import counted, escape_markdown

LARGEST = 20
EXTREMES = 10
SUPPORT = 5  # least models in the window for the most disruptive / consolidating lists
DRIFT_HEIGHT = 420
VARIANTS = {"direct parents (mdi)": "mdi", "lineage (mdi_lineage)": "mdi_lineage"}


@st.cache_data(ttl=60, show_spinner=False)
def read(_lineage: Explorer, where: str, fact: str, **params: Any) -> Any:
    """One of the explorer's figures (the method ``fact``), cached by the database, the
    figure and its parameters."""
    return getattr(_lineage, fact)(**params)


@st.cache_data(max_entries=64, show_spinner=False)
def read_measures(_lineage: Explorer, where: str, computed: Any, fact: str, **params: Any
                  ) -> tuple[list[dict[str, Any]], pa.Table | None]:
    """Rows of a figure read from the stored graph measures, and the same as an Arrow table to
    show (None: no rows), cached until ``computed`` (when the last `lineage compute` finished)
    changes: these reads scan every model, and their answer cannot change between two
    computations."""
    rows = getattr(_lineage, fact)(**params)
    return rows, (results.arrow_table(list(rows[0]), rows) if rows else None)


def measures(lineage: Explorer, where: str, fact: str, **params: Any
             ) -> tuple[list[dict[str, Any]], pa.Table | None]:
    """``read_measures`` keyed by the last computation (its id and end)."""
    computation = read(lineage, where, "freshness")["computation"]
    computed = computation and (computation.get("id"), computation.get("finished_at"))
    return read_measures(lineage, where, computed, fact, **params)


def arrow(frame: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """A table for ``st.dataframe`` as Arrow, which Streamlit sends without converting it on
    every run (a column Arrow cannot type stays a pandas frame)."""
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return frame


@st.cache_data(show_spinner=False)
def published_figures(name: str) -> pa.Table | pd.DataFrame | None:
    figures = stored_results.published_table(name)
    return None if figures is None else arrow(figures)


@st.cache_data(max_entries=64, show_spinner=False)
def stored_result(where: str, name: str, computed_at: Any, _result: str
                  ) -> tuple[Any, pa.Table | pd.DataFrame]:
    """An analysis's stored result, parsed, and its table: made once per stored result."""
    result = stored_results.parse_result(_result)
    return result, arrow(stored_results.table(result))


def bars(rows: pa.Table, x: str, y: str, height: int, horizontal: bool = False) -> None:
    """A bar chart of ``rows`` (category ``x``, count ``y``) from a Vega-Lite spec written
    here: Streamlit's own bar chart builds and validates an Altair chart on every run, which
    was most of a warm rerun of this page."""
    category = {"field": x, "type": "ordinal", "sort": None if horizontal else "ascending"}
    count = {"field": y, "type": "quantitative"}
    st.vega_lite_chart(rows, {
        "mark": {"type": "bar", "tooltip": True}, "height": height,
        "encoding": {"y": category, "x": count} if horizontal else {"x": category,
                                                                    "y": count}})


def page() -> None:
    st.title("Ecosystem", anchor=False)
    run_page(body)


def body(lineage: Explorer, where: str) -> None:
    size_and_freshness(lineage, where)
    what_changed(lineage, where)
    families(lineage, where)
    generations_and_disruption(lineage, where)
    analyses(lineage, where)


def when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "not recorded"


def size_and_freshness(lineage: Explorer, where: str) -> None:
    stats = read(lineage, where, "size")
    fresh = read(lineage, where, "freshness")
    edges = stats["by_relation"]
    columns = st.columns(4)
    columns[0].metric("Models", f"{stats['models']:,}",
                      help=f"{counted(stats['placeholders'], 'placeholder')} among them")
    columns[1].metric("Lineage edges", f"{stats['edges']:,}")
    snapshot, computation = fresh["snapshot"], fresh["computation"]
    columns[2].metric("Last load", when(snapshot and (snapshot.get("finished_at")
                                                      or snapshot.get("started_at"))))
    columns[3].metric("Last computation", when(computation and computation.get("finished_at")))
    if snapshot:
        st.caption(f"Last load: {escape_markdown(str(snapshot.get('source') or '?'))} "
                   f"({escape_markdown(str(snapshot.get('kind') or '?'))}).")
    if not computation:
        st.info("The graph measures are not computed yet: run `lineage compute` for families, "
                "generations and disruption.", icon=":material/calculate:")
    elif computation.get("stale"):
        st.warning("The graph changed since the last `lineage compute`: run it again.",
                   icon=":material/update:")
    st.subheader("Edges by relation", anchor=False)
    left, right = st.columns([2, 1])
    with left:
        bars(results.arrow_table(["relation", "edges"], [
            {"relation": relation, "edges": count} for relation, count in edges.items()]),
             "relation", "edges", 220, horizontal=True)
    published_edges = {**published.EDGES, "total": published.EDGES_TOTAL}
    right.caption(f"Published ({published.DATASET_MODELS:,} models)")
    right.dataframe(results.arrow_table(["relation", "edges"], [
        {"relation": relation, "edges": count} for relation, count in published_edges.items()]),
        hide_index=True)


def what_changed(lineage: Explorer, where: str) -> None:
    from lineage.ui.app.views import open_model

    changes.show_what_changed(lineage, where, read(lineage, where, "freshness")["snapshot"],
                              open_model)


def families(lineage: Explorer, where: str) -> None:
    st.subheader("Families", anchor=False)
    sizes, table = measures(lineage, where, "family_size_counts")
    if not sizes:
        st.caption("No family stored: run `lineage compute`.")
        return
    left, right = st.columns(2)
    with left:
        st.caption("Family size distribution (families of 2+ models; both axes logarithmic)")
        st.vega_lite_chart(table, {
            "mark": {"type": "point", "filled": True},
            "encoding": {"x": {"field": "size", "type": "quantitative",
                               "scale": {"type": "log"}, "title": "models in the family"},
                         "y": {"field": "families", "type": "quantitative",
                               "scale": {"type": "log"}, "title": "families"}}})
    with right:
        largest, table = measures(lineage, where, "largest_families", limit=LARGEST)
        st.caption("The largest families: pick one to open its root's page. Published "
                   "largest: " + ", ".join(f"{escape_markdown(root)} ({size:,})"
                                           for root, size in published.LARGEST_FAMILIES[:3]))
        picked = st.dataframe(table, hide_index=True, key="largest",
                              on_select="rerun", selection_mode="single-row")
        rows = picked.selection.rows if picked else []
        if rows:
            from lineage.ui.app.views import open_model
            open_model(largest[rows[0]]["root"] or largest[rows[0]]["family"])


def generations_and_disruption(lineage: Explorer, where: str) -> None:
    left, right = st.columns(2)
    with left:
        st.subheader("Generations", anchor=False)
        generations, table = measures(lineage, where, "generations")
        if generations:
            bars(table, "generation", "models", 260)
            st.caption(f"Deepest: generation {generations[-1]['generation']:,} "
                       f"(published: {published.MAX_GENERATION}).")
        else:
            st.caption("Not computed: run `lineage compute`.")
    with right:
        st.subheader("Disruption", anchor=False)
        variant = VARIANTS[st.radio("Variant", list(VARIANTS), horizontal=True,
                                    key="variant")]
        bins, table = measures(lineage, where, "disruption_bins", variant=variant)
        if not bins:
            st.caption("Not computed: run `lineage compute`.")
            return
        bars(table, "bin", "models", 220)
        st.caption(disruption_caption(disruption_signs(lineage, where), variant))
    for sign, title in ((1, "Most disruptive"), (-1, "Most consolidating")):
        _, table = measures(lineage, where, "disruption_extremes", variant=variant,
                            sign=sign, support=SUPPORT, limit=EXTREMES)
        st.caption(f"{title} (support n_i + n_j + n_k ≥ {SUPPORT})")
        st.dataframe(pa.table({}) if table is None else table, hide_index=True)


@st.cache_data(max_entries=16, show_spinner=False)
def read_signs(_lineage: Explorer, where: str, computed: Any) -> list[dict[str, Any]]:
    """The sign counts of both disruption variants by relation, as ``lineage stats`` gives
    them, cached until ``computed`` (the last `lineage compute`) changes; empty when no run
    kept them."""
    try:
        return _lineage.stats(1)["disruption"]
    except LineageError:
        return []


def disruption_signs(lineage: Explorer, where: str) -> dict[str, Any] | None:
    """The sign counts over every model with a parent (None: not stored)."""
    computation = read(lineage, where, "freshness")["computation"]
    computed = computation and (computation.get("id"), computation.get("finished_at"))
    return next((row for row in read_signs(lineage, where, computed)
                 if row["relation"] == "all"), None)


def disruption_caption(signs: dict[str, Any] | None, variant: str) -> str:
    """The shares of each sign and the paper's "most models consolidating" read both ways:
    strictly (D < 0) and as "not disruptive" (D <= 0)."""
    if not signs or not signs[f"{variant}_models"]:
        return "The counts of each sign are not stored: run `lineage compute`."
    share = {name: signs[f"{variant}_share_{name}"]
             for name in ("negative", "zero", "positive", "not_disruptive")}
    return (f"Of {signs[f'{variant}_models']:,} models with a defined index, "
            f"{share['negative']:.1%} are consolidating (D < 0), {share['zero']:.1%} zero "
            f"and {share['positive']:.1%} disruptive (D > 0): {share['not_disruptive']:.1%} "
            "are not disruptive (D ≤ 0). The paper finds most models \"consolidative rather "
            "than disruptive\": read as D < 0, this graph "
            f"{signs[f'{variant}_verdict_negative']}; read as D ≤ 0, it "
            f"{signs[f'{variant}_verdict_not_disruptive']}.")


def analyses(lineage: Explorer, where: str) -> None:
    st.subheader("Ecosystem analytics", anchor=False)
    for name, title in stored_results.ANALYSES:
        with st.expander(title, expanded=name == "mutation"):
            stored = read(lineage, where, "stored_analysis", name=name)
            left, right = st.columns(2)
            with left:
                if not stored:
                    st.info(f"Not analysed yet: run `lineage analyze {name}`.",
                            icon=":material/analytics:")
                else:
                    st.caption(f"This graph · {when(stored['computed_at'])}")
                    show_result(name, *stored_result(where, name, stored["computed_at"],
                                                     stored["result"]))
            with right:
                figures = published_figures(name)
                if figures is not None:
                    st.caption("Published (Laufer et al., 2025)")
                    st.dataframe(figures, hide_index=True)


def show_result(name: str, result: Any, table: pa.Table | pd.DataFrame) -> None:
    if name == "drift":
        for trait, (edges, ordering) in stored_results.drift_graphs(result).items():
            st.markdown(f"**{escape_markdown(trait)}**")
            graph, order = st.columns([3, 2])
            nodes = {value: {"id": value} for edge in edges for value in edge[:2]}
            with graph:
                family_tree_view(graph_drawing(nodes, edges), DRIFT_HEIGHT,
                                 key=f"drift-{trait}")
            order.caption("Optimal ordering (upstream first)")
            order.dataframe(pd.DataFrame({"value": ordering}), hide_index=False)
    st.dataframe(table, hide_index=True)
