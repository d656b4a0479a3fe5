"""The ecosystem analyses of the papers, pure: traits in long form, mutation rates, drift and
its optimal orderings, documentation along edges, the race to release, genetic similarity of
kin. Each takes frames and returns numbers or frames; :mod:`lineage.analytics.jobs.analyses`
runs them over the graph. Imports ``lineage`` and :mod:`lineage.analytics.measures` only.
"""
