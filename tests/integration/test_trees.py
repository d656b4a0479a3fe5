"""Family trees (analytics/trees.py) against the real Neo4j: what they hold and leave out."""

import pytest

from lineage.analytics.reads.trees import children_by_relation, family_tree
from lineage.errors import ModelNotFound, UsageError
from lineage.loader.files import load_files
from lineage.ui.cli import main
from tests.families import FAMILY_WITH_LOOP, write_crawl


@pytest.fixture
def family(graph, tmp_path):
    load_files(graph, [write_crawl(tmp_path / "family.json", FAMILY_WITH_LOOP)],
               rejects_path=tmp_path / "rejects.jsonl")
    return graph


def test_every_edge_among_the_drawn_models_is_drawn_and_the_rest_counted(family):
    tree = family_tree(family, "org/ft-a", up=1, down=1)
    assert set(tree.nodes) == {"org/base", "org/ft-a", "org/merged"}
    assert tree.edges == [("org/base", "org/ft-a", "FINETUNE"),
                          ("org/ft-a", "org/merged", "MERGE")]
    # org/base's other child and org/merged's other parent and child are left out, counted.
    assert tree.hidden_children == {"org/base": 1, "org/merged": 1}
    assert tree.hidden_parents == {"org/merged": 1}
    assert tree.levels == {"org/base": -1, "org/ft-a": 0, "org/merged": 1}
    assert not tree.budget_reached
    assert [p["id"] for p in tree.parents] == ["org/base"]
    assert tree.relations("org/ft-a", "org/merged") == ["MERGE"]


def test_a_merge_reached_from_one_parent_shows_its_edge_from_the_other(family):
    tree = family_tree(family, "org/base", up=0, down=2)
    assert ("org/ft-b", "org/merged", "MERGE") in tree.edges
    assert "org/merged" not in tree.hidden_parents


def test_children_are_the_most_downloaded_first_up_to_the_cap_per_model(family):
    tree = family_tree(family, "org/base", up=0, down=1, per_parent=1)
    assert [c["id"] for c in tree.children] == ["org/ft-a"]
    assert tree.hidden_children == {"org/base": 1, "org/ft-a": 1}
    assert not tree.budget_reached


def test_the_node_budget_stops_the_walk_and_says_so(family):
    tree = family_tree(family, "org/base", up=0, down=3, max_nodes=2)
    assert len(tree.nodes) == 2 and tree.budget_reached
    assert tree.hidden_children["org/base"] == 1


def test_cycle_edges_are_marked(family):
    tree = family_tree(family, "org/loop-a", up=3, down=3)
    assert tree.cycles == {("org/loop-a", "org/loop-b"), ("org/loop-b", "org/loop-a")}
    assert tree.hidden_children == {} and tree.hidden_parents == {}


def test_children_by_relation_counts_every_child(family):
    assert children_by_relation(family, "ORG/base") == {"FINETUNE": 2}
    assert children_by_relation(family, "org/quant") == {}


def test_bad_bounds_and_unknown_models_are_refused(family):
    with pytest.raises(UsageError, match="0 or more"):
        family_tree(family, "org/base", up=-1)
    with pytest.raises(UsageError, match="1 or more"):
        family_tree(family, "org/base", max_nodes=0)
    with pytest.raises(ModelNotFound) as caught:
        family_tree(family, "org/ft-c")
    # 'org/ft-a' and 'org/ft-b' share 7 of 8 characters in order with 'org/ft-c': ratio 0.875,
    # above every other id of the family.
    assert str(caught.value).startswith(
        "no model 'org/ft-c' in the graph; closest: org/ft-a, org/ft-b, ")
    assert caught.value.closest[:2] == ["org/ft-a", "org/ft-b"]


def test_the_family_command_answers_an_unknown_id_in_one_line_with_the_closest_ids(
        family, cli_env, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["family", "org/ft-c"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err.count("\n") == 1
    assert err.startswith("Error: no model 'org/ft-c' in the graph; closest: org/ft-a, org/ft-b")
    with pytest.raises(SystemExit) as exit_:
        main(["family", "zzz/qqq"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err == ("Error: no model 'zzz/qqq' in the graph; no id is close "
                                       "to it; search with `lineage search TEXT`\n")
