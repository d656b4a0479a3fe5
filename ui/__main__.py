"""``python -m lineage.ui`` runs the ``lineage`` command line."""

from lineage.ui.cli import main

main()
