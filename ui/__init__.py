"""The front ends and rendering.

:mod:`.explorer` holds :class:`~.explorer.Explorer`, the one object both front ends ask;
:mod:`.cli` is the ``lineage`` command line and :mod:`.app` the Streamlit app, both thin (they
lay out what the explorer returns and name no query); :mod:`.render` turns reports, results
and drawings into files and pictures, one renderer per format for both. The top room: it may
import every other.
"""
