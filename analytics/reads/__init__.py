"""What the front ends show, read from the graph through named queries: frames for the
analyses (:mod:`.frames`), finding a model (:mod:`.lookup`, :mod:`.search`), the walk outward
one generation at a time (:mod:`.walk`), family trees (:mod:`.trees`), kin (:mod:`.kin`),
ecosystem figures (:mod:`.stats`), lineage reports (:mod:`.reports`), reviews (:mod:`.review`)
and suggested lineage as the others read it (:mod:`.suggested`). Reads only. Imports
``lineage``, ``cypher`` and the pure part of ``analytics``.
"""
