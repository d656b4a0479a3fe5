"""The writing lanes: one key always on one lane, in order; drain waits for every batch in
flight and leaves the lanes open; a lane's error reaches the caller."""

from __future__ import annotations

import threading
import time

import pytest

from lineage.loader.pipeline import Lanes


def test_rows_of_one_key_are_written_in_order_on_one_lane():
    written: list[tuple[str, str, int]] = []
    lock = threading.Lock()

    def write(rows):
        time.sleep(0.01)
        with lock:
            written.extend((threading.current_thread().name, key, n) for key, n in rows)

    lanes = Lanes(write, key=lambda row: row[0], lanes=2)
    for n in range(10):
        lanes.submit([(key, n) for key in "abcdef"])
    lanes.close()
    assert len(written) == 60
    for key in "abcdef":
        mine = [(thread, n) for thread, k, n in written if k == key]
        assert [n for _, n in mine] == list(range(10))
        assert len({thread for thread, _ in mine}) == 1


def test_drain_waits_for_every_batch_and_the_lanes_stay_open():
    written: list[int] = []

    def write(rows):
        time.sleep(0.02)
        written.extend(rows)

    lanes = Lanes(write, key=str, lanes=2)
    for n in range(4):
        lanes.submit([2 * n, 2 * n + 1])
    lanes.drain()
    assert sorted(written) == list(range(8))
    lanes.submit([8, 9])
    lanes.close()
    assert sorted(written) == list(range(10))


def test_a_lanes_error_is_raised_by_drain():
    def write(rows):
        if 3 in rows:
            raise ValueError("row 3 is bad")

    lanes = Lanes(write, key=str, lanes=2)
    lanes.submit([1, 2, 3])
    with pytest.raises(ValueError, match="row 3"):
        lanes.drain()
    lanes.close()
