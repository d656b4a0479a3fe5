"""The examples in the docstrings of the analytics and the generator run and say true."""

import doctest
import importlib

import pytest

MODULES = ["lineage.analytics.edgelist", "lineage.analytics.structure",
           "lineage.analytics.mutation", "lineage.analytics.drift",
           "lineage.analytics.documentation", "lineage.analytics.recognition",
           "lineage.analytics.published", "lineage.analytics.kin",
           "lineage.analytics.frames", "lineage.analytics.lookup", "lineage.analytics.similarity",
           "lineage.analytics.traits", "lineage.analytics.analyses",
           "lineage.analytics.replication", "lineage.loader.synthetic.names",
           "lineage.loader.synthetic.text", "lineage.loader.synthetic.timeline",
           "lineage.loader.synthetic.recognition", "lineage.loader.synthetic.cards",
           "lineage.analytics.rules", "lineage.analytics.governance",
           "lineage.analytics.review", "lineage.analytics.graphfiles", "lineage.ui.report",
           "lineage.loader.importmeasures"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
