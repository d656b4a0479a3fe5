"""The Streamlit app: four pages (:mod:`.views`) in one navigation (the script
:mod:`.main`, run by ``lineage ui``), the cached explorer they share (:mod:`.session`) and the
drawing component that reports clicks (:mod:`.drawing_view`, vis-network bundled offline in
``components/drawing``).
"""
