"""The stores: the graph in Neo4j and the card texts beside it.

This room holds the one module that talks to Neo4j (:mod:`.client`: named queries, batched
writes, ad-hoc read-only queries, each tagged and timed out), the named queries themselves (one
``<area>/<name>.cypher`` file each, loaded by :mod:`.queries`), the schema and its migrations
(:mod:`.schema`), the graph model's fixed vocabulary (:mod:`.graphmodel`) and the card text
store (:mod:`.cardstore`, a Tantivy index beside the graph). It imports only ``lineage``'s ground
modules (settings, errors, relations); every other room reaches the database through it.
"""
