"""The lineage explorer for open models.

Glossary
--------
These words mean exactly this everywhere in the code, the command line, the app and reports.

model
    A repository on the Hugging Face Hub, identified by its Hub id ``owner/name``; a ``Model``
    node in the graph.
base model, parent
    A model that another model declares it was built from (``base_model`` tags or card
    metadata). A merge has several parents.
child
    A model that declares a parent. Lineage relationships point parent -> child.
relation
    How a child was made from its parent: ``finetune``, ``adapter``, ``quantization``,
    ``merge``, or not stated. Each is one relationship type in the graph (see
    :class:`lineage.cypher.model.Relation`).
placeholder
    A model referenced as a parent but absent from every source loaded so far. It is kept as a
    ``Model`` node with the extra label ``Placeholder`` and becomes the real model (same node,
    label removed) when that model is loaded.
root
    A model with no parent in the graph.
sibling
    Two children of the same parent.
generation
    The number of parent -> child steps from a root to a model along the longest path (roots
    are generation 0).
family
    A weakly connected set of models linked by lineage relationships; named after its root with
    the most descendants.
mutation, drift
    A mutation is a trait (licence, language, task, library) that differs between parent and
    child; drift is the direction mutations take across many edges (e.g. restrictive ->
    permissive licences).
disruption
    How far later models build on a model instead of on that model's own parents (the CD
    index of Wu, Wang & Evans, 2019, over the lineage network).
snapshot
    One load of one source into the graph, recorded as a ``Snapshot`` node.
"""

__version__ = "0.1.0"
