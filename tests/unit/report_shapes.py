"""Lineage reports of chosen shapes, built without a database, for the renderers' tests."""

from __future__ import annotations

from lineage.analytics.governance.flags import Link, Step
from lineage.analytics.reads.reports import Edge, LineageReport


def shaped_report(model: str, ancestors: list[tuple[str, str, str]],
                  descendants: list[tuple[str, str, str]], **model_facts) -> LineageReport:
    """The report of ``model`` whose drawing holds ``ancestors`` and ``descendants``, each
    given as (parent id, child id, relation word), nearest or most downloaded first (ids are
    their own keys)."""
    parents: dict[str, list[Link]] = {}
    for parent, child, relation in ancestors:
        parents.setdefault(child, []).append(Link(parent, relation))
    depth = {model: 0}
    for parent, child, _ in ancestors:
        depth.setdefault(parent, depth.get(child, 0) + 1)
    steps = [Step(key=key, id=key, depth=d, parents=tuple(parents.get(key, ())))
             for key, d in depth.items()]
    nodes = {key: {"id": key, "role": "model" if key == model else "ancestor",
                   "placeholder": False} for key in depth}
    for _, child, _ in descendants:
        nodes.setdefault(child, {"id": child, "role": "descendant", "placeholder": False})
    edges = [Edge(p, c, r, False) for p, c, r in ancestors + descendants]
    return LineageReport(
        model={"id": model, "key": model, **model_facts}, sources=[], ancestry=steps,
        roots=[s.id for s in steps if not s.parents], ancestry_complete=True, flags=[],
        family={"generation": 1, "siblings": 0, "family_node": {"size": 3,
                                                                 "computed_at": "2024-05-01"}},
        descendants={"down": 2, "total": len(descendants), "complete": True,
                     "by_relation": {"finetune": len(descendants)}, "by_generation": {},
                     "most_downloaded": []},
        tree_nodes=nodes, tree_edges=sorted(set(edges), key=lambda e: (e.parent, e.child)),
        up=None, down=2, made_at="2024-05-01T00:00:00+00:00", tree_note="Drawn: all.")
