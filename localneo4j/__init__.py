"""The local Neo4j server: a real Neo4j 5.26 Community fetched from Maven Central
(``pom.xml``), configured, started, stopped and checked on this machine without Docker
(:mod:`.server`).

A store-level room beside ``cypher``: it imports ``lineage``'s ground modules and the client
(to wait for the server to answer), nothing above.
"""
