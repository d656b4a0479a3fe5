"""Write models on both of the server's cores while the next batch is read.

A load spends most of its time waiting for Neo4j, and one transaction keeps one server core
busy. So each batch of records is split by key into ``lanes`` parts written concurrently: the
same key always goes to the same lane, so two rows for one model are written in file order, and
no two lanes ever lock the same model (no deadlocks). Meanwhile the reading thread parses the
next batch: the driver releases the GIL while it waits for the server.

At most ``depth`` batches are in flight, so memory stays bounded; an error in a lane is raised
in the reading thread at its next batch or at :meth:`Lanes.close`.
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

Record = TypeVar("Record")


class Lanes(Generic[Record]):
    """Runs ``write`` on key-partitioned parts of each batch, one thread per lane."""

    def __init__(self, write: Callable[[list[Record]], object], key: Callable[[Record], str],
                 lanes: int = 2, depth: int = 3) -> None:
        self._write = write
        self._key = key
        self._lanes = [ThreadPoolExecutor(1, thread_name_prefix=f"lineage-lane-{i}")
                       for i in range(lanes)]
        self._depth = depth * lanes
        self._in_flight: collections.deque[Future] = collections.deque()

    def submit(self, records: list[Record]) -> None:
        """Queue one batch (waits while ``depth`` batches are in flight)."""
        parts: list[list[Record]] = [[] for _ in self._lanes]
        for record in records:
            parts[hash(self._key(record)) % len(parts)].append(record)
        for lane, part in zip(self._lanes, parts):
            if part:
                while len(self._in_flight) >= self._depth:
                    self._in_flight.popleft().result()  # waits; raises a lane's error
                self._in_flight.append(lane.submit(self._write, part))

    def drain(self) -> None:
        """Wait until every queued batch is written, the lanes staying open; raise the first
        error, if any."""
        while self._in_flight:
            self._in_flight.popleft().result()

    def close(self) -> None:
        """Wait until every queued batch is written; raise the first error, if any."""
        try:
            self.drain()
        finally:
            for lane in self._lanes:
                lane.shutdown(wait=True, cancel_futures=True)

    def abandon(self) -> None:
        """Stop without raising (the caller is already handling an error)."""
        for future in self._in_flight:
            future.cancel()
        try:
            self.close()
        except Exception:  # the error being handled already says what went wrong
            pass
