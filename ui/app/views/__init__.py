"""The app's pages, in the order the navigation shows them (see :mod:`lineage.ui.app`).

Not a folder named ``pages``: Streamlit would read one beside the script as its older multipage
layout and ignore the navigation.
"""

from __future__ import annotations

import streamlit as st

from lineage.ui.app.views import compare, ecosystem, model, query


def pages() -> dict[str, st.Page]:
    """The pages, made afresh for each run (Streamlit runs a page object once)."""
    return {
        "model": st.Page(model.page, title="Model", icon=":material/account_tree:",
                         url_path="model", default=True),
        "ecosystem": st.Page(ecosystem.page, title="Ecosystem", icon=":material/hub:",
                             url_path="ecosystem"),
        "compare": st.Page(compare.page, title="Compare", icon=":material/compare_arrows:",
                           url_path="compare"),
        "query": st.Page(query.page, title="Query", icon=":material/terminal:",
                         url_path="query"),
    }


def open_model(model_id: str) -> None:
    """Show ``model_id`` on the Model page (from any page)."""
    st.session_state["model"] = model_id
    st.switch_page(pages()["model"], query_params={"model": model_id})
