"""What the front ends show, read from the graph through named queries: frames for the
analyses (:mod:`.frames`), finding a model (:mod:`.lookup`, :mod:`.search`), the walk outward
one generation at a time (:mod:`.walk`), family trees (:mod:`.trees`), kin (:mod:`.kin`),
ecosystem figures (:mod:`.stats`), lineage reports (:mod:`.reports`) and reviews
(:mod:`.review`). Reads only. Imports ``lineage``, ``cypher`` and the pure part of
``analytics``.
"""
