"""Pure functions over lineage frames and graphs, named after the concepts of the literature.

Each takes plain frames (edges with ``parent``, ``child`` and ``relation``; models; traits as
``model``, ``value`` rows), whether they come from a file or from Neo4j, and returns numbers or
frames: :mod:`.structure` (families, generations, branching, the paper's subgraph counts),
:mod:`.mutation` and :mod:`.drift` (how traits change along edges and which way),
:mod:`.documentation` (model cards and listed languages along edges), :mod:`.recognition` (the
race to release). :mod:`.published` holds the published figures they are compared with;
:mod:`.trees` walks family trees in the graph.
"""
