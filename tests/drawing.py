"""Reading back what a family-tree drawing holds (the data its page hands vis-network)."""

from __future__ import annotations

import json
import re

_DATASET = re.compile(r"new vis\.DataSet\((\[.*?\])\);", re.S)


def drawn(page: str) -> tuple[list[dict], list[dict]]:
    """The nodes and edges of a drawing made by ``lineage.ui.graphview.tree_html``."""
    nodes, edges = (json.loads(found) for found in _DATASET.findall(page))
    return nodes, edges
