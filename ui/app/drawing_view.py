"""Drawings (family trees and any small graph) as a Streamlit component that reports clicks.

The component is a folder of static files (``components/drawing``: a page, its script, and
vis-network with its licence notice) that the app's own server serves and the browser caches:
vis-network is fetched once, and each run of a page sends only the drawing's data from
:func:`lineage.ui.render.drawing.tree_drawing` or :func:`~lineage.ui.render.drawing.graph_drawing`.
An unchanged drawing is not drawn again. A click on a model comes back as its key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

FOLDER = Path(__file__).resolve().parent / "components" / "drawing"

_component = components.declare_component("drawing", path=str(FOLDER))


def family_tree_view(drawing: dict[str, Any], height: int, key: str) -> str | None:
    """Show ``drawing``; return the key of the model clicked in it since the last run, if any.

    The component keeps its last value from run to run, so each click carries its time and
    a click is returned once, by the run it starts.
    """
    clicked = _component(drawing=drawing, height=height, key=key, default=None)
    seen = f"{key}-clicked"
    if not clicked or st.session_state.get(seen) == clicked.get("at"):
        return None
    st.session_state[seen] = clicked.get("at")
    return clicked.get("key")
