"""Rendering, one module per kind of output, shared by the command line and the app so that
both give the same bytes: the lineage report (:mod:`.lineage_report`, HTML, Markdown, JSON),
the analyses and the replication report (:mod:`.analysis_report`), the governance review
(:mod:`.review`), the graph for other tools (:mod:`.graphfiles`), query results
(:mod:`.results`), a model's facts in words (:mod:`.facts`), family-tree drawings
(:mod:`.drawing`), and writing files whole or not at all (:mod:`.atomic`).
"""
