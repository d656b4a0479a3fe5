"""The Model page: pick a model, see its family tree, kin, measures and governance flags.

The chosen model is in the page's address (``?model=owner/name``), so a tree can be shared by
sharing the address.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse

import streamlit as st

from lineage.analytics.reads.trees import FamilyTree
from lineage.errors import ModelNotFound
from lineage.relations import Relation
from lineage.ui.app.drawing_view import family_tree_view
from lineage.ui.app.session import KEPT, data_version, run_page
from lineage.ui.app.views import changes, model_panels
from lineage.ui.explorer import Explorer
from lineage.ui.render.drawing import COLOURINGS, tree_drawing
from lineage.ui.render.facts import (
    counted,
    escape_markdown,
    model_facts,
    relation_counts,
)

TREE_HEIGHT = 680
SEARCH_LIMIT = 50
QUICK_PICKS = 50  # most downloaded models considered for the quick picks
RECENT = 8
PER_PARENT_MOST = 500  # the most children per model the tree may follow: a whole drawing's worth

# The cached readers take ``where`` (the database's URI and name) and ``version`` (the graph's
# content, :func:`data_version`) only to key their caches; the leading underscore of
# ``_lineage`` keeps Streamlit from hashing the explorer.


@st.cache_data(ttl=60, show_spinner=False)
def graph_stats(_lineage: Explorer, where: str) -> dict:
    return _lineage.size()


@st.cache_data(ttl=600, show_spinner=False)
def quick_picks(_lineage: Explorer, where: str) -> list[dict]:
    return _lineage.popular(QUICK_PICKS)


@st.cache_data(ttl=KEPT, max_entries=256, show_spinner="Walking the family tree ...")
def walked_tree(_lineage: Explorer, where: str, version: tuple, model_id: str, up: int,
                down: int, max_nodes: int, per_parent: int, history: bool = False
                ) -> tuple[FamilyTree, dict[str, dict], dict[str, int]]:
    """The tree (with its ended edges when ``history``), what its drawing colours models by,
    and the chosen model's children by relation."""
    tree = _lineage.family_tree(model_id, up=up, down=down, max_nodes=max_nodes,
                                per_parent=per_parent, suggested=True, history=history)
    return (tree, _lineage.drawing_facts(list(tree.nodes)),
            _lineage.children_by_relation(model_id))


@st.cache_data(ttl=KEPT, max_entries=256, show_spinner=False)
def drawn_tree(_lineage: Explorer, where: str, version: tuple, model_id: str, up: int,
               down: int, max_nodes: int, per_parent: int, colour_by: str,
               as_of: dt.date | None, history: bool = False) -> tuple[dict, dict[str, int]]:
    """The tree's drawing and the chosen model's children by relation (the walk is cached
    apart, so a new colouring or day does not walk it again); ``history``: the tree walked
    with its ended edges."""
    tree, traits, relations = walked_tree(_lineage, where, version, model_id, up, down,
                                          max_nodes, per_parent, history)
    return tree_drawing(tree, colour_by=colour_by, traits=traits, as_of=as_of), relations


def go_to(model_id: str) -> None:
    st.session_state["model"] = model_id


def picked(widget: str) -> None:
    """A search match or quick pick was chosen: show it, and clear the pick for next time."""
    if st.session_state.get(widget):
        go_to(st.session_state[widget])
    st.session_state[widget] = None


def marks(model: dict) -> str:
    return "".join(f" · {word}" for word in ("synthetic", "placeholder", "removed")
                   if model.get(word))


def page() -> None:
    st.title("Lineage explorer", anchor=False)
    run_page(body)


def body(lineage: Explorer, where: str) -> None:
    stats = graph_stats(lineage, where)
    if stats["synthetic"]:
        st.warning("This graph holds synthetic models: those marked **synthetic** were "
                   "generated for demonstration and are not real Hub models.",
                   icon=":material/science:")
    st.caption(f"{counted(stats['models'], 'model')} "
               f"({counted(stats['placeholders'], 'placeholder')}) · "
               f"{counted(stats['edges'], 'lineage edge')} · {escape_markdown(where)}")
    if not stats["models"]:
        graph_stats.clear()  # so that the reload after a load sees the data at once
        st.info("The graph is empty: load models with `lineage load file PATH...` "
                "(see `lineage load --help`), then reload this page.", icon=":material/inbox:")
        return
    picks = quick_picks(lineage, where)
    asked = st.query_params.get("model")
    if asked and asked != st.session_state.get("address"):
        st.session_state["model"] = asked  # an address typed, shared or sent by another page
    if "model" not in st.session_state:
        st.session_state["model"] = picks[0]["id"]
    sizes = sidebar(lineage, picks)
    model_id = st.session_state["model"]
    version = data_version(lineage, where)
    try:
        tree, traits, _ = walked_tree(lineage, where, version, model_id, **sizes)
    except ModelNotFound as missing:
        address(model_id)
        show_unknown(missing)
        return
    address(tree.model["id"])
    remember(tree.model["id"])
    show_model(lineage, where, version, tree, traits, sizes)


def address(model_id: str) -> None:
    st.query_params["model"] = model_id
    st.session_state["address"] = model_id


def sidebar(lineage: Explorer, picks: list[dict]) -> dict[str, int]:
    """Search, quick picks, recently viewed models and the tree's size; returns the sizes."""
    with st.sidebar:
        st.header("Find a model", anchor=False)
        in_cards = st.radio("Search in", ["ids", "cards"], horizontal=True,
                            key="search_in") == "cards"
        if in_cards:
            text = st.text_input("Search model cards", key="search",
                                 placeholder="a phrase, e.g. distilled from")
        else:
            text = st.text_input("Search model ids", key="search",
                                 placeholder="part of an id, e.g. llama or qwen/")
        if text.strip():
            if in_cards:
                found = lineage.search_cards(text, SEARCH_LIMIT)
                labels = {row["id"]: f"{row['id']}{marks(row)}: {row['snippet'][:80]}"
                          for row in found}
            else:
                found = lineage.search(text, SEARCH_LIMIT)
                labels = {row["id"]: row["id"] + marks(row) for row in found}
            if found:
                order = " (the best matches)" if in_cards else " (the most downloaded)"
                st.selectbox(f"{len(found)} matches" + (order if len(found) == SEARCH_LIMIT
                                                        else ""),
                             list(labels), index=None, format_func=labels.get,
                             placeholder="Pick a model", key="match",
                             on_change=picked, args=("match",))
            elif in_cards:
                st.info(f"No model card contains “{escape_markdown(text.strip())}”.")
            else:
                st.info(f"No model id contains “{escape_markdown(text.strip())}”.")
        labels = {row["id"]: f"{row['id']} ({counted(row.get('children', 0), 'child')})"
                  + marks(row)
                  for row in picks}
        st.selectbox("Quick picks: big families among the most downloaded", list(labels),
                     index=None, format_func=labels.get, placeholder="Pick a model",
                     key="quick", on_change=picked, args=("quick",))
        recent = [model_id for model_id in st.session_state.get("recent", [])
                  if model_id != st.session_state["model"]]
        if recent:
            st.caption("Recently viewed")
            for i, model_id in enumerate(recent):
                st.button(escape_markdown(model_id), key=f"recent-{i}", on_click=go_to,
                          args=(model_id,), type="tertiary")
        st.header("Tree size", anchor=False)
        return {
            "up": st.slider("Generations up", 0, 10, 3, key="up"),
            "down": st.slider("Generations down", 0, 10, 2, key="down"),
            "max_nodes": st.slider("Most models drawn", 10, 500, 150, step=10, key="max_nodes",
                                   help="The node budget: the walk stops when it is reached."),
            "per_parent": st.slider("Children per model", 1, PER_PARENT_MOST, 20,
                                    key="per_parent",
                                    help="The most downloaded children of each model are "
                                         "drawn; the rest are counted on its box."),
        }


def remember(model_id: str) -> None:
    recent = st.session_state.get("recent", [])
    st.session_state["recent"] = [model_id] + [m for m in recent if m != model_id][:RECENT - 1]


def show_unknown(missing: ModelNotFound) -> None:
    """The one-line answer every command gives an unknown id, with a button per closest id."""
    st.warning(escape_markdown(str(missing)), icon=":material/search_off:")
    for model_id in missing.closest:
        st.button(escape_markdown(model_id), key=f"closest-{model_id}", on_click=go_to,
                  args=(model_id,))
    if not missing.closest:
        st.markdown("Search for it in the sidebar, or load it with `lineage load file PATH...`.")


def show_model(lineage: Explorer, where: str, version: tuple, tree: FamilyTree,
               traits: dict[str, dict], sizes: dict[str, int]) -> None:
    model = tree.model
    st.header(escape_markdown(model["id"]), anchor=False)
    badges = []
    if model.get("synthetic"):
        badges.append(":violet-badge[:material/science: synthetic]")
    if model.get("placeholder"):
        badges.append(":gray-badge[placeholder]")
    if model.get("removed"):
        badges.append(":gray-badge[removed]")
    if not model.get("synthetic"):
        # The id goes into the address percent-encoded: it can never end the link early.
        badges.append("[on the Hub](https://huggingface.co/"
                      f"{urllib.parse.quote(model['id'], safe='/')})")
    st.markdown(" ".join(badges))
    if model.get("placeholder"):
        st.info("A placeholder: another model names it as a parent, but no source loaded so "
                "far describes it, so only its id and its links are known.")
    changes.show_banners(lineage, where, version, model, st.session_state.get("model"))

    left, right = st.columns([3, 1], gap="medium")
    with left:
        colour_by, as_of, history = drawing_options(tree, traits)
        drawing, relations = drawn_tree(lineage, where, version, model["id"], **sizes,
                                        colour_by=colour_by, as_of=as_of, history=history)
        # With its history the tree may hold more models (at its ended edges' other ends).
        shown = (walked_tree(lineage, where, version, model["id"], **sizes, history=True)[0]
                 if history else tree)
        clicked = family_tree_view(drawing, TREE_HEIGHT, key="family-tree")
        if clicked and clicked != shown.focus and clicked in shown.nodes:
            go_to(shown.nodes[clicked]["id"])
            st.rerun()
        note_left_out(shown, sizes)
    with right:
        show_facts(tree, relations)
    show_relatives(tree, sizes)
    changes.show_history(lineage, where, version, model["id"])
    model_panels.show_suggested(lineage, where, version, model["id"], go_to)
    model_panels.show_measures(model)
    model_panels.show_kin(lineage, where, version, model["id"])
    model_panels.show_governance(lineage, where, version, model["id"])


def drawing_options(tree: FamilyTree, traits: dict[str, dict]
                    ) -> tuple[str, dt.date | None, bool]:
    """The drawing's colouring, the day it shows the family on (None: today) and whether it
    shows the history (ended edges)."""
    first, second = st.columns([2, 3])
    colour_by = first.segmented_control("Colour models by", COLOURINGS, default="relation",
                                        key="colour_by") or "relation"
    history = first.toggle("Show history", value=False, key="show_history",
                           help="Also draw the ended edges: parents a model no longer "
                                "declares (dashed grey, with the day they ended).")
    days = sorted({created.date() for created in (
        (traits.get(key) or model).get("created_at") for key, model in tree.nodes.items())
        if isinstance(created, dt.datetime)})
    if len(days) < 2:
        return colour_by, None, history
    day = second.slider("The family as it stood on", days[0], days[-1], days[-1],
                        format="YYYY-MM-DD", key="as_of",
                        help="Models created after this day are hidden.")
    return colour_by, (None if day >= days[-1] else day), history


def note_left_out(tree: FamilyTree, sizes: dict[str, int]) -> None:
    children = sum(tree.hidden_children.values())
    parents = sum(tree.hidden_parents.values())
    left_out = " and ".join(counted(n, word) for n, word in ((children, "child"),
                                                             (parents, "parent")) if n)
    drawn = (f"{counted(len(tree.nodes), 'model')} and {counted(len(tree.edges), 'edge')} "
             "drawn")
    if tree.ended:
        drawn += f", with {counted(len(tree.ended), 'ended edge')} (dashed grey)"
    if tree.budget_reached:
        st.info(f"{drawn}: the tree stopped at its budget of {sizes['max_nodes']} models. Left "
                f"out: {left_out} (each box counts its own). Raise “Most models drawn” in the "
                "sidebar, or click a model to centre the tree on it.",
                icon=":material/content_cut:")
    elif left_out:
        st.caption(f"{drawn}. Left out: {left_out}, beyond the generations shown or the "
                   f"{sizes['per_parent']} most downloaded children per model (each box counts "
                   "its own).")
    else:
        st.caption(f"{drawn}: the whole family within the generations shown.")


def show_facts(tree: FamilyTree, relations: dict[str, int]) -> None:
    model = tree.model
    total_children = sum(relations.values())
    total_parents = len(tree.parents) + tree.hidden_parents.get(tree.focus, 0)
    first, second = st.columns(2)
    first.metric("Children", f"{total_children:,}")
    second.metric("Parents", f"{total_parents:,}")
    if relations:
        st.caption("Children by relation: " + relation_counts(relations))
    lines = [f"**{name}:** {escape_markdown(value)}" for name, value in model_facts(model)]
    if model.get("synthetic"):
        lines.append("**Synthetic:** yes, generated; not a real Hub model")
    st.markdown("  \n".join(lines))


def show_relatives(tree: FamilyTree, sizes: dict[str, int]) -> None:
    """Buttons to the focus model's parents and children."""
    left, right = st.columns(2, gap="medium")
    for column, kind, models in ((left, "parent", tree.parents),
                                 (right, "child", tree.children)):
        hidden = (tree.hidden_parents if kind == "parent" else tree.hidden_children
                  ).get(tree.focus, 0)
        with column:
            title = "Parents" if kind == "parent" else "Children"
            st.subheader(f"{title} ({len(models) + hidden:,})", anchor=False)
            if not models and not hidden:
                st.caption("None: this model is a root." if kind == "parent"
                           else "None: no model names this one as its parent.")
            for model in models:
                edge = ((model["key"], tree.focus) if kind == "parent"
                        else (tree.focus, model["key"]))
                relation = ", ".join(Relation[r].label for r in tree.relations(*edge))
                downloads = (f" · {model['downloads']:,} downloads"
                             if model.get("downloads") is not None else "")
                st.button(escape_markdown(f"{model['id']} · {relation}{marks(model)}"),
                          key=f"{kind}-{model['key']}", on_click=go_to, args=(model["id"],),
                          help=f"Show the family tree of {model['id']}{downloads}",
                          width="stretch")
            if hidden:
                st.caption(f"{hidden:,} more not listed: the tree draws the "
                           f"{sizes['per_parent']} most downloaded children per model within "
                           f"its budget of {sizes['max_nodes']} models. Raise the tree's "
                           "size in the sidebar, or search for a model by name.")
