"""Rows set aside while a load writes its models, read back afterwards in batches.

Writing edges while models are being written makes their transactions lock the same nodes in
different orders (deadlocks, retried whole batches). So a load writes every model first and
spools the edges to a temporary file, then streams them back: memory stays flat whatever the
size of the source, and every endpoint the source itself names already exists. Card texts are
spooled the same way and indexed while the edges are written (:mod:`.ingest` says why).
"""

from __future__ import annotations

import pickle
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class Spool:
    """Append batches of rows from any thread; read them back in batches of a size."""

    def __init__(self, name: str, folder: Path | None = None) -> None:
        self._file = tempfile.TemporaryFile(dir=folder, prefix=f"lineage-{name}-")
        self._lock = threading.Lock()
        self.count = 0

    def add(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            with self._lock:
                pickle.dump(rows, self._file, protocol=pickle.HIGHEST_PROTOCOL)
                self.count += len(rows)

    def batches(self, size: int) -> Iterator[list[dict[str, Any]]]:
        """The spooled rows, in the order they came, ``size`` at a time (once every
        :meth:`add` is done)."""
        return batches_of(self.fileno(), size)

    def fileno(self) -> int:
        """The spool's file descriptor, everything added written to it (for a process that
        reads the rows back with :func:`batches_of`)."""
        self._file.flush()
        return self._file.fileno()

    def close(self) -> None:
        self._file.close()


def batches_of(fd: int, size: int) -> Iterator[list[dict[str, Any]]]:
    """The rows spooled in the file ``fd`` (a :class:`Spool`'s, read from its start, or a pipe
    they are streamed on), ``size`` at a time."""
    with open(fd, "rb", closefd=False) as file:
        if file.seekable():
            file.seek(0)
        pending: list[dict[str, Any]] = []
        while True:
            try:
                # Only this load's own rows are in the file: unpickling is safe here.
                pending += pickle.load(file)
            except EOFError:
                break
            while len(pending) >= size:
                yield pending[:size]
                pending = pending[size:]
        if pending:
            yield pending
