"""What `lineage compute` and `lineage analyze` store, written by hand for the app's tests:
measures on the literal family's models, two Family nodes, a Computation (with the counts of
generations and disruption bins a run keeps for those models) and two Analysis nodes (the
figures are made up; the tests check that the pages show exactly these)."""

from __future__ import annotations

import json

from lineage.cypher.client import Graph

#: The drift result stored for the Ecosystem page: one trait, two drift edges, an ordering.
DRIFT = {"license": {"ordering": ["llama3", "apache-2.0", "mit"],
                     "edges": [{"source": "llama3", "target": "apache-2.0", "weight": 7},
                               {"source": "apache-2.0", "target": "mit", "weight": 3}]}}
MUTATION = {"license": {"rate": 0.15, "edges": 120}, "task": {"rate": 0.3, "edges": 80}}


def store_results(graph: Graph) -> None:
    """Write the measures and results (through the driver: no named query writes them here)."""
    with graph._driver.session(database=graph.settings.database) as s:
        s.run("""UNWIND $rows AS r MATCH (m:Model {id: r.id})
                 SET m.generation = r.g, m.family = 'org/base', m.family_size = 5,
                     m.mdi = r.mdi, m.mdi_n_i = r.ni, m.mdi_n_j = r.nj, m.mdi_n_k = r.nk,
                     m.mdi_lineage_n_i = r.ni, m.mdi_lineage_n_j = r.nj, m.mdi_lineage_n_k = r.nk""",
              rows=[{"id": "org/base", "g": 0, "mdi": None, "ni": None, "nj": None, "nk": None},
                    {"id": "org/ft-a", "g": 1, "mdi": 0.5, "ni": 6, "nj": 2, "nk": 0},
                    {"id": "org/ft-b", "g": 1, "mdi": -0.75, "ni": 0, "nj": 6, "nk": 2},
                    {"id": "org/merged", "g": 2, "mdi": -1.0, "ni": 0, "nj": 1, "nk": 0},
                    {"id": "org/quant", "g": 3, "mdi": None, "ni": 0, "nj": 0, "nk": 0}]).consume()
        s.run("""CREATE (:Family {id: 'org/base', root: 'org/base', size: 5, depth: 3, virality: 1.6,
                                  finetune: 2, adapter: 0, quantization: 1, merge: 2, unstated: 0}),
                        (:Family {id: 'elsewhere/missing', root: 'elsewhere/missing', size: 2, depth: 1,
                                  virality: 1.0, finetune: 0, adapter: 1, quantization: 0, merge: 0, unstated: 0}),
                        (:Computation {id: 'c1', started_at: datetime('2026-01-02T03:04:00Z'),
                                       finished_at: datetime('2026-01-02T03:05:00Z'), stale: false,
                                       generation_models: [1, 2, 1, 1],
                                       mdi_bins: [-1.0, -0.8, 0.5], mdi_bin_models: [1, 1, 1]})""").consume()
        for name, result in (("drift", DRIFT), ("mutation", MUTATION)):
            s.run("""CREATE (:Analysis {id: $name, name: $name, parameters: '{}',
                     computed_at: datetime('2026-01-03T00:00:00Z'), result: $result})""",
                  name=name, result=json.dumps(result)).consume()


def stored_cards(graph: Graph) -> dict[str, tuple[str, bool]]:
    """Every card text in the graph's card store: key -> (text, truncated)."""
    import tantivy

    from lineage.cypher.cardstore import CardStore

    store = CardStore.of(graph)
    if store is None:
        return {}
    searcher = store.index.searcher()
    hits = searcher.search(tantivy.Query.all_query(), max(searcher.num_docs, 1), count=False).hits
    docs = [searcher.doc(address) for _, address in hits]
    return {d["key"][0]: (d["text"][0], d["truncated"][0]) for d in docs}
