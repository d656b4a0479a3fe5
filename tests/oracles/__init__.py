"""Second computations kept as test oracles: Cypher that computes one model's stored measures
on the fly from its lineage paths, checked against what ``lineage compute`` stores."""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def run_oracle(graph, name: str, **params) -> list[dict]:
    """The rows of the oracle ``name`` (``<name>.cypher`` here), run read-only."""
    return graph.adhoc((FOLDER / f"{name}.cypher").read_text(encoding="utf-8"), params).rows
