"""The rooms import only downward, the pure part of analytics touches no store, and the front
ends name no query (see :mod:`tests.layers`)."""

from tests.layers import query_names, sources, violations


def test_the_project_keeps_its_layers():
    assert violations(sources(), query_names()) == []


def test_a_probe_importing_upward_is_caught():
    probe = [("analytics/probe.py", "from lineage.ui.cli import main\n")]
    assert violations(probe, set()) == [
        "analytics/probe.py:1 imports lineage.ui.cli: analytics/ may import only rooms below it"]
    lazy = [("cypher/probe.py", "def f():\n    import lineage.analytics.reads.kin\n")]
    assert len(violations(lazy, set())) == 1


def test_a_pure_module_reading_the_graph_is_caught():
    probe = [("analytics/measures/probe.py", "from lineage.cypher.client import Graph\n"),
             ("analytics/ecosystem/probe.py", "from lineage.analytics import reads\n")]
    assert [line.split(":")[0] for line in violations(probe, set())] == [
        "analytics/ecosystem/probe.py", "analytics/measures/probe.py"]
    assert violations([("analytics/reads/probe.py", "import lineage.cypher.client\n")],
                      set()) == []


def test_a_front_end_naming_a_query_is_caught():
    probe = [("ui/app/views/probe.py", 'rows = graph.run("kin/parents", id="a")\n')]
    assert violations(probe, {"kin/parents"}) == [
        "ui/app/views/probe.py:1 names the query 'kin/parents': ask the explorer"]
    assert "kin/parents" in query_names()
