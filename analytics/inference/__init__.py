"""Lineage nobody declared, pure: suggested parents for models whose authors named none.

The declared edges of the loaded graph are free labels. For each model the candidates come
from cheap indexes (:mod:`.candidates`: names, card mentions, fingerprints of architecture,
size and chat template, the frequent parents of its world), each candidate pair gets features
(:mod:`.features`), and a scikit-learn model trained on the declared edges, with those edges'
own declarations hidden, ranks them and says how often a suggestion at each score is right
(:mod:`.scorer`). :mod:`.evaluation` hides a share of the declared edges and measures how much
of them comes back. :mod:`lineage.analytics.jobs.infer` runs it over the graph. Imports
``lineage`` only.
"""

#: Suggestions below this confidence are not stored unless asked: at this threshold more than
#: nine in ten suggestions were right on real families with their declarations hidden
#: (``docs/inference.md``).
DEFAULT_MIN_CONFIDENCE = 0.5
