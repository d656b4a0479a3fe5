"""Governance, pure: the licence knowledge and thresholds (:mod:`.rules`, ``licenses.yaml``)
and the flags of what changed along a model's ancestry that a reviewer must not take on trust
(:mod:`.flags`), for one ancestry or, incrementally, for the whole graph. Imports ``lineage``
only.
"""
