"""Reading back what a drawing holds (the data the drawing component hands vis-network)."""

from __future__ import annotations

import json


def drawn(drawing: dict) -> tuple[list[dict], list[dict]]:
    """The nodes and edges of a drawing made by ``lineage.ui.render.drawing.tree_drawing`` or
    ``graph_drawing``, as the browser receives them (through JSON)."""
    sent = json.loads(json.dumps(drawing))
    return sent["nodes"], sent["edges"]
