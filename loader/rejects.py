"""The rejects file: one JSON object per line for every row, field or edge a load could not
use, with its source position, the reason and the raw value (truncated)."""

from __future__ import annotations

import collections
import json
import threading
from pathlib import Path
from typing import IO

from lineage.loader.records import Reject


class RejectsFile:
    """Appends rejects to ``path`` (created on the first reject) and counts them by reason."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.by_reason: collections.Counter[str] = collections.Counter()
        self.by_kind: collections.Counter[str] = collections.Counter()
        self._out: IO[str] | None = None
        self._lock = threading.Lock()  # the reading and the writing threads both report

    def write(self, reject: Reject) -> None:
        with self._lock:
            self._write(reject)

    def _write(self, reject: Reject) -> None:
        if self._out is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._out = self.path.open("a", encoding="utf-8")
        self._out.write(json.dumps(reject.as_json(), ensure_ascii=False, default=str) + "\n")
        self.by_reason[reject.reason] += 1
        self.by_kind[reject.kind] += 1

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    def close(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
