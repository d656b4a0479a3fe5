"""Files written atomically, alone or as a set read together."""

import os

import pytest

from lineage.ui.render.atomic import atomic_writer, atomic_writers


def test_a_set_of_files_appears_together_and_only_when_the_block_succeeds(tmp_path):
    pair = [tmp_path / "nodes.csv", tmp_path / "edges.csv"]
    with atomic_writers(pair, newline="") as (nodes, edges):
        nodes.write("key\na\n")
        edges.write("parent,child\n")
        assert len([n for n in os.listdir(tmp_path) if n.endswith(".part")]) == 2
        assert not pair[0].exists() and not pair[1].exists()
    assert pair[0].read_text() == "key\na\n" and pair[1].read_text() == "parent,child\n"
    assert sorted(os.listdir(tmp_path)) == ["edges.csv", "nodes.csv"]


def test_a_failure_while_writing_leaves_the_previous_files_and_no_temporary(tmp_path):
    pair = [tmp_path / "nodes.csv", tmp_path / "edges.csv"]
    for path in pair:
        path.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_writers(pair) as (nodes, edges):
        nodes.write("new\n")
        raise RuntimeError("the edges could not be read")
    assert [p.read_text() for p in pair] == ["old\n", "old\n"]
    assert sorted(os.listdir(tmp_path)) == ["edges.csv", "nodes.csv"]


def test_a_failed_rename_of_the_second_file_removes_the_first_one_too(tmp_path):
    pair = [tmp_path / "nodes.csv", tmp_path / "edges.csv"]
    with pytest.raises(OSError), atomic_writers(pair) as (nodes, edges):
        nodes.write("new\n")
        edges.write("new\n")
        # Something else takes the second name while the files are written.
        pair[1].mkdir()
    assert os.listdir(tmp_path) == ["edges.csv"] and pair[1].is_dir()


def test_a_single_file_is_written_atomically(tmp_path):
    path = tmp_path / "r.html"
    with pytest.raises(ValueError), atomic_writer(path) as handle:
        handle.write("<p>half")
        raise ValueError("rendering failed")
    assert os.listdir(tmp_path) == []
    with atomic_writer(path) as handle:
        handle.write("<p>whole</p>")
    assert path.read_text() == "<p>whole</p>"
