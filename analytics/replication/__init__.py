"""The papers read again, pure: their published figures (:mod:`.published`), the tolerances a
figure is judged by (:mod:`.tolerance`) and the replication report's rows, each published figure
beside the graph's value and a synthetic graph's planted truth (:mod:`.figures`). Imports
``lineage`` only.
"""
