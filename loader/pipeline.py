"""Overlap reading with writing: batches go to one background writer through a short queue.

While Neo4j works on one batch, the reading thread parses the next (the driver releases the
GIL while it waits for the server), so a load takes about the longer of the two instead of
their sum. The queue is short so memory stays bounded; an error in the writer stops the reader
at its next batch and is raised there.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

_DONE = object()


class BackgroundWriter:
    """Runs ``write(batch)`` for each :meth:`put` batch, in order, on one background thread."""

    def __init__(self, write: Callable[[Any], None], depth: int = 2) -> None:
        self._write = write
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="lineage-writer", daemon=True)
        self._thread.start()

    def put(self, batch: Any) -> None:
        """Queue a batch (waits while the queue is full); raises the writer's error if any."""
        while True:
            self._raise_if_failed()
            try:
                self._queue.put(batch, timeout=0.5)
                return
            except queue.Full:
                continue

    def close(self) -> None:
        """Wait until every queued batch is written; raise the writer's error if any."""
        if self._thread.is_alive():
            self._queue.put(_DONE)
            self._thread.join()
        self._raise_if_failed()

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _run(self) -> None:
        while True:
            batch = self._queue.get()
            if batch is _DONE:
                return
            if self._error is not None:
                continue  # drain without writing once a batch has failed
            try:
                self._write(batch)
            except BaseException as err:  # handed to the reading thread, which raises it
                self._error = err
