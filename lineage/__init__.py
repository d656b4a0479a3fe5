"""The lineage explorer for open models.

This folder is the ground every room stands on: the settings (:mod:`.settings`), the one
exception hierarchy (:mod:`.errors`), this glossary, and the vocabulary every room shares -
relations (:mod:`.relations`), licences (:mod:`.licenses`), languages (:mod:`.languages`), Hub
ids (:mod:`.ids`) and the list literals sources spell lists with (:mod:`.pylist`). It imports
none of the rooms above it: ``cypher`` and ``localneo4j`` (the stores) < ``analytics`` <
``loader`` < ``ui``, each importing only the rooms below it (a test checks it).

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
    :class:`lineage.relations.Relation`).
placeholder
    A model referenced as a parent but absent from every source loaded so far. It is kept as a
    ``Model`` node with the extra label ``Placeholder`` and becomes the real model (same node,
    label removed) when that model is loaded.
root
    A model with no parent in the graph.
sibling
    Two children of the same parent.
half-sibling
    A sibling whose parents are not exactly the model's own: they share some parents but not
    all (merges have several).
ancestor, descendant
    A model's ancestors are the models it descends from by a lineage path of one or more steps;
    its descendants are the models that descend from it. A model on a cycle is not its own.
cousin
    A model that shares a grandparent with another but no parent.
aunt/uncle, niece/nephew
    An aunt or uncle of a model is a sibling of one of its parents that is not its parent
    itself; the model is then that aunt's or uncle's niece or nephew.
nearest common ancestor
    Of two models: a model both descend from (each counting as its own ancestor here) with no
    other such model strictly below it.
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
