"""The card texts of a load, indexed in a process of their own: from the spool of an online load,
or streamed to it as an import converts its rows."""

from __future__ import annotations

import pytest

from lineage.cypher.cardstore import CardStore, CardWriter
from lineage.errors import UsageError
from lineage.loader import cardindex
from lineage.loader.spool import Spool


def spooled(rows: list[dict]) -> Spool:
    spool = Spool("cards")
    for i in range(0, len(rows), 3):  # several batches, as lanes add them
        spool.add(rows[i:i + 3])
    return spool


def test_every_spooled_card_is_indexed_and_readable(tmp_path):
    rows = [{"key": f"org/m{i}", "text": f"card {i} distilled from base {i % 4}",
             "truncated": i == 5} for i in range(2 * cardindex.BATCH + 7)]
    spool = spooled(rows)
    cardindex.wait(cardindex.start(spool, tmp_path / "cards"))
    spool.close()
    store = CardStore(tmp_path / "cards")
    assert store.count() == len(rows)
    assert store.texts(["org/m5", "org/m4006"]) == {
        "org/m5": ("card 5 distilled from base 1", True),
        "org/m4006": ("card 4006 distilled from base 2", False)}


def test_a_store_another_load_writes_is_a_clear_error(tmp_path):
    spool = spooled([{"key": "a", "text": "some card", "truncated": False}])
    with CardWriter(tmp_path / "cards"):
        with pytest.raises(UsageError, match="being written by another load"):
            cardindex.wait(cardindex.start(spool, tmp_path / "cards"))
    spool.close()


def test_every_streamed_card_is_indexed_and_readable(tmp_path):
    rows = [{"key": f"org/m{i}", "text": f"card {i} merged with base {i % 3}",
             "truncated": i == 2} for i in range(2 * cardindex.BATCH + 3)]
    stream = cardindex.CardStream(tmp_path / "cards")
    for row in rows:
        stream.add(row)
    stream.close()
    stream.close()  # closing again changes nothing
    store = CardStore(tmp_path / "cards")
    assert store.count() == stream.count == len(rows)
    assert store.texts(["org/m2", "org/m4002"]) == {
        "org/m2": ("card 2 merged with base 2", True),
        "org/m4002": ("card 4002 merged with base 0", False)}


def test_a_stream_into_a_store_another_load_writes_is_a_clear_error(tmp_path):
    with CardWriter(tmp_path / "cards"):
        stream = cardindex.CardStream(tmp_path / "cards")
        with pytest.raises(UsageError, match="being written by another load"):
            for i in range(50 * cardindex.BATCH):  # more than the pipe holds
                stream.add({"key": f"k{i}", "text": "some card " * 20, "truncated": False})
            stream.close()


def test_an_abandoned_stream_commits_nothing(tmp_path):
    stream = cardindex.CardStream(tmp_path / "cards")
    for i in range(5 * cardindex.BATCH):  # more than the pipe holds: the index has begun
        stream.add({"key": f"k{i}", "text": "some card " * 5, "truncated": False})
    stream.abandon()
    assert CardStore(tmp_path / "cards").count() == 0
