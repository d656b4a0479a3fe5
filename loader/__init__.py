"""Sources into the graph: every source turned into typed rows (models, lineage edges,
rejects), then batched, idempotent writes.

Readers per file format (:mod:`.formats`: the published dataset, JSONL snapshots, family
crawls) and the live Hub (:mod:`.hub`) make :class:`.records.ModelRecord` rows, reading a Hub
object with :mod:`.hubinfo`, what the model is with :mod:`.modelfacts`, a card's facts and the
models it names with :mod:`.cardfacts` and :mod:`.cardmentions`; :mod:`.ingest`
writes them (with :mod:`.pipeline`, :mod:`.spool`, the card index process of :mod:`.cardindex`)
and flags declared cycles (:mod:`.cycles`); :mod:`.offline` is the first load into an empty
database with ``neo4j-admin``; :mod:`.jsonlexport` writes the snapshot a load reads back;
:mod:`.synthetic` generates a whole calibrated ecosystem. Imports ``lineage``, ``cypher``,
``localneo4j`` and ``analytics`` (the measures the offline import writes, the analyses the
calibration report runs).
"""
