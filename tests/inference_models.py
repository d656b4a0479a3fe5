"""Small populations for the inference tests, built from hand-written models as the graph
would give them (the columns ``lineage infer`` reads)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from lineage.analytics.inference.population import FACTS, Population, PopulationBuilder


def model(model_id: str, **facts: Any) -> dict[str, Any]:
    """One model row: every fact absent unless given."""
    row = {fact: None for fact in FACTS}
    row.update(id=model_id, key=model_id.lower(), placeholder=False, **facts)
    return row


def population(models: list[dict[str, Any]], edges: list[tuple[str, str, str]]
               ) -> Population:
    """A population of ``models`` with declared ``edges`` (parent id, child id, relation)."""
    builder = PopulationBuilder()
    builder.add(pd.DataFrame(models, columns=["key", "placeholder", *FACTS]))
    return builder.finish([p.lower() for p, _, _ in edges], [c.lower() for _, c, _ in edges],
                          [r for _, _, r in edges])
