"""Write batches while the next ones are read, on both of the server's cores.

A load spends most of its time waiting for Neo4j, and one transaction keeps one server core busy.
So each batch of records is split by key into ``lanes`` parts written concurrently (the same key
always goes to the same lane, so two rows for one model are written in file order, and no two
lanes ever lock the same model), and once a batch's models are committed, its edges are written
by one edge lane (edges touch models of every lane; one writer keeps them free of deadlocks
between edge transactions). Meanwhile the reading thread parses the next batch: the driver
releases the GIL while it waits for the server.

At most ``depth`` batches are in flight, so memory stays bounded; an error in any lane is raised
in the reading thread at its next batch or at :meth:`Lanes.close`.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

Record = TypeVar("Record")
Kept = TypeVar("Kept")


class Lanes(Generic[Record, Kept]):
    """Runs ``write_models`` on key-partitioned parts of each batch in parallel, then
    ``write_edges`` on what they kept, batch after batch in order."""

    def __init__(self, write_models: Callable[[list[Record]], list[Kept]],
                 write_edges: Callable[[list[Kept], Sequence], None],
                 key: Callable[[Record], str], lanes: int = 2, depth: int = 3) -> None:
        self._write_models = write_models
        self._write_edges = write_edges
        self._key = key
        self._lanes = [ThreadPoolExecutor(1, thread_name_prefix=f"lineage-models-{i}")
                       for i in range(lanes)]
        self._edges = ThreadPoolExecutor(1, thread_name_prefix="lineage-edges")
        self._depth = depth
        self._in_flight: collections.deque[Future] = collections.deque()

    def submit(self, records: list[Record], extra_edges: Sequence = ()) -> None:
        """Queue one batch: its records, and edges stated apart from any record."""
        while len(self._in_flight) >= self._depth:
            self._in_flight.popleft().result()  # waits; raises a lane's error
        parts: list[list[Record]] = [[] for _ in self._lanes]
        for record in records:
            parts[hash(self._key(record)) % len(parts)].append(record)
        written = [lane.submit(self._write_models, part)
                   for lane, part in zip(self._lanes, parts) if part]
        self._in_flight.append(self._edges.submit(self._after, written, extra_edges))

    def close(self) -> None:
        """Wait until every queued batch is written; raise the first error, if any."""
        try:
            while self._in_flight:
                self._in_flight.popleft().result()
        finally:
            for lane in self._lanes:
                lane.shutdown(wait=True, cancel_futures=True)
            self._edges.shutdown(wait=True, cancel_futures=True)

    def abandon(self) -> None:
        """Stop without raising (the caller is already handling an error)."""
        for future in self._in_flight:
            future.cancel()
        try:
            self.close()
        except Exception:  # the error being handled already says what went wrong
            pass

    def _after(self, written: list[Future], extra_edges: Sequence) -> None:
        kept = [record for future in written for record in future.result()]
        self._write_edges(kept, extra_edges)
