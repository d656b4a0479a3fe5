"""The ``lineage`` command groups, one module each; :mod:`lineage.ui.cli` assembles them."""
