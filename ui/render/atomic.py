"""Writing files: the format a file's extension names, and files that appear whole or not
at all (written to a temporary beside the target, then renamed into place, so a failure never
leaves a partial file)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from lineage.errors import LineageError, UsageError

__all__ = ["format_for", "check_writable", "atomic_writer", "atomic_writers"]


def format_for(path: str | Path, formats: dict[str, str]) -> str:
    """The format a file's extension names (the longest that matches: ``.cdx.json`` before
    ``.json``); a UsageError listing the known ones otherwise.

    >>> format_for("all.CDX.json", {".json": "json", ".cdx.json": "cdx"})
    'cdx'
    """
    name = Path(path).name.lower()
    for suffix in sorted(formats, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            return formats[suffix]
    raise UsageError(f"cannot tell the format of {str(path)!r} from its extension: use "
                     f"{', '.join(sorted(formats))}")


def check_writable(path: str | Path) -> None:
    """Fail early, before any work, when the file cannot be written where asked."""
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise LineageError(f"cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise LineageError(f"cannot write {path}: the folder {folder} is not writable")
    if Path(path).is_dir():
        raise LineageError(f"cannot write {path}: it is a folder; give a file name")


@contextlib.contextmanager
def atomic_writer(path: str | Path, newline: str | None = None) -> Iterator[IO[str]]:
    """A text file that appears at ``path`` only when the block succeeds."""
    with atomic_writers([path], newline) as (handle,):
        yield handle


@contextlib.contextmanager
def atomic_writers(paths: Sequence[str | Path], newline: str | None = None
                   ) -> Iterator[list[IO[str]]]:
    """Text files that appear at ``paths`` together, and only when the block succeeds.

    Each is written to a temporary file beside its target; at the end all are renamed into
    place. On any failure every temporary is removed, and so is any target this call already
    renamed, so that a set of files read together (a nodes file and its edges file) is never
    left half new.
    """
    targets = [Path(path) for path in paths]
    for target in targets:
        check_writable(target)
    handles: list[IO[str]] = []
    placed: list[Path] = []
    try:
        for target in targets:
            handles.append(tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", newline=newline, dir=target.resolve().parent,
                prefix=f".{target.name}.", suffix=".part", delete=False))
        yield handles
        for handle in handles:
            handle.close()
        for handle, target in zip(handles, targets, strict=True):
            os.replace(handle.name, target)
            placed.append(target)
    except BaseException:
        for handle in handles:
            with contextlib.suppress(OSError):
                handle.close()
            with contextlib.suppress(OSError):
                os.unlink(handle.name)
        for target in placed:
            with contextlib.suppress(OSError):
                os.unlink(target)
        raise
