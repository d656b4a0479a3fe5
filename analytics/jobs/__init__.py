"""The jobs that read the graph, compute and write their results back: ``lineage compute``
(:mod:`.compute`), ``lineage analyze`` (:mod:`.analyses`) and ``lineage infer``
(:mod:`.infer`). Imports ``lineage``, ``cypher`` and the rest of ``analytics``.
"""
