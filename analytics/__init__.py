"""What the literature and our users compute over the lineage graph.

Subpackages by purpose. The pure part takes plain frames and arrays (from a file or from the
graph alike) and touches no store:

* :mod:`.measures` - the literature's graph measures: components (the one routine for strongly
  and weakly connected sets), descent (the walkable graph, the one cycle rule, generation,
  ancestors, descendants, families), structure (family sizes, branching, Table 1), structural
  virality, disruption, the heads of huge kin sets, and :mod:`.measures.stored`, every measure
  ``lineage compute`` stores;
* :mod:`.ecosystem` - the ecosystem analyses: traits, mutation, drift, documentation,
  recognition (the race to release), genetic similarity;
* :mod:`.governance` - licence knowledge and the flags a reviewer must not take on trust;
* :mod:`.replication` - the published figures and the replication report's comparison;
* :mod:`.inference` - suggested parents for models that declare none: candidates from
  indexes, features, a scorer learned from the declared edges, and its evaluation.

The part that reads and writes the graph goes through ``cypher``:

* :mod:`.reads` - what the front ends show: frames, model lookup, the walk outward, family
  trees, kin, ecosystem figures, search, lineage reports, reviews;
* :mod:`.jobs` - the compute job, the analysis jobs and the inference job, which write their
  results back.

This room imports ``lineage`` and ``cypher`` only (a test checks it).
"""
