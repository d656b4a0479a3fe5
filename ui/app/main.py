"""The Streamlit app, the analyst's workbench: four pages in one navigation.

- **Model** (the address ``/``, so ``/?model=owner/name`` opens a model as it always did): its
  family tree, kin, measures, governance flags and lineage report.
- **Ecosystem** (``/ecosystem``): the graph at a glance, from stored results only.
- **Compare** (``/compare?a=...&b=...``): the lineage between two models.
- **Query** (``/query?q=...``): a read-only, time- and row-capped Cypher console.

Thin: each page is a module of :mod:`lineage.ui.app.views` that calls the library and lays out
what it returns. Run it with ``lineage ui``.
"""

from __future__ import annotations

import streamlit as st

from lineage.ui.app.views import pages

st.set_page_config(page_title="Lineage explorer", page_icon="🌳", layout="wide")
st.navigation(list(pages().values()), position="top").run()
