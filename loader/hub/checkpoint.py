"""Where an interrupted crawl stands, kept in a small JSON file under ``$LINEAGE_HOME``.

A crawl saves its state only after everything it read before that point is written to the
graph, so resuming from the file loses nothing (and loads are idempotent, so reading a page
again changes nothing). The file goes away when the crawl finishes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from lineage.errors import UsageError


class Checkpoint:
    """The checkpoint file of one crawl (one endpoint, one mode, one root)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_crawl(cls, home: Path, endpoint: str, name: str) -> Checkpoint:
        """The file for crawl ``name`` (``all``, ``family-<root>``) of ``endpoint``."""
        slug = re.sub(r"[^A-Za-z0-9._-]+", "--", name.lower())
        digest = hashlib.sha256(f"{endpoint}\n{name.lower()}".encode()).hexdigest()[:8]
        return cls(home / "checkpoints" / f"hub-{slug}-{digest}.json")

    def load(self) -> dict[str, Any] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as err:
            raise UsageError(f"cannot read the checkpoint {self.path}: {err.strerror}") from None
        try:
            state = json.loads(text)
        except json.JSONDecodeError:
            raise UsageError(f"the checkpoint {self.path} is damaged: run again with --restart "
                             "to start the crawl over") from None
        if not isinstance(state, dict):
            raise UsageError(f"the checkpoint {self.path} is damaged: run again with --restart")
        return state

    def save(self, state: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".part")
        saved = {**state, "saved_at": dt.datetime.now(dt.timezone.utc).isoformat()}
        partial.write_text(json.dumps(saved), encoding="utf-8")
        os.replace(partial, self.path)  # atomic: a crash never leaves half a checkpoint

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
