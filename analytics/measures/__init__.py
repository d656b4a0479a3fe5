"""The literature's graph measures, pure: integer arrays and frames in, numbers out.

Generation, families, descendants, disruption (the CD index), structural virality, Table 1,
the heads of huge kin sets and the distributions a compute run keeps, all over the walkable
lineage graph of :func:`.descent.walkable` and the components of :mod:`.components`. Imports
``lineage`` only.
"""
