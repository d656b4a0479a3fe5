"""The jobs that read the graph, compute and write their results back: ``lineage compute``
(:mod:`.compute`) and ``lineage analyze`` (:mod:`.analyses`). Imports ``lineage``, ``cypher``
and the rest of ``analytics``.
"""
