"""Index a load's card texts in a process of its own.

Tantivy's binding lets go of the GIL inside every ``add_document`` and must win it back after:
beside a busy Python thread of the load, each card then waits out the interpreter's switch
interval (5 ms), a convoy that stretched a load of 1.24M cards by minutes. A process of its own
has its own GIL, and the second core. The online load hands it the spool of its cards once the
models are written (:func:`start`); the offline import streams the cards to it as it converts
the rows (:class:`CardStream`), so that converting and indexing take the time of the longer.

    python -m lineage.loader.cardindex FOLDER FD     # the cards spooled in the file FD
    python -m lineage.loader.cardindex FOLDER -      # the cards streamed on standard input
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

from lineage.errors import DiskFull, LineageError, UsageError
from lineage.loader.spool import Spool, batches_of

#: Card texts handed to the text index at a time.
BATCH = 2000


def _command(folder: Path, source: str) -> list[str]:
    return [sys.executable, "-m", "lineage.loader.cardindex", str(folder), source]


def start(spool: Spool, folder: Path) -> subprocess.Popen:
    """Start indexing every card text in ``spool`` into the store at ``folder``."""
    fd = spool.fileno()
    return subprocess.Popen(_command(folder, str(fd)), pass_fds=(fd,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait(process: subprocess.Popen) -> None:
    """Wait until the cards are indexed and committed; raise what stopped the indexing."""
    _, err = process.communicate()
    if process.returncode:
        text = err.decode("utf-8", "replace") if isinstance(err, bytes) else err
        message = text.strip().splitlines()[-1] if text.strip() else f"exit {process.returncode}"
        if DiskFull.said_in(text):
            raise DiskFull.at(process.args[3], "indexing the card texts")
        error = UsageError if process.returncode == UsageError.exit_code else LineageError
        raise error(f"indexing the card texts stopped: {message}")


class CardStream:
    """Card texts sent, as they come, to a process that indexes them into the store at
    ``folder``; :meth:`close` waits until every one is committed.

    The pipe holds little, so a producer faster than the index waits for it: memory stays flat.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._process = subprocess.Popen(_command(folder, "-"), stdin=subprocess.PIPE,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._pending: list[dict[str, Any]] = []
        self.count = 0

    def add(self, row: dict[str, Any]) -> None:
        """Send one ``{key, text, truncated}`` row."""
        self._pending.append(row)
        self.count += 1
        if len(self._pending) >= BATCH:
            self._send()

    def _send(self) -> None:
        try:
            pickle.dump(self._pending, self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:
            self._process.stdin = None
            wait(self._process)
            raise LineageError("indexing the card texts stopped before every card was sent")
        self._pending = []

    def close(self) -> None:
        """Send what is left and wait until every card is indexed and committed."""
        if self._process.stdin is None or self._process.stdin.closed:
            return
        if self._pending:
            self._send()
        wait(self._process)  # closes the pipe: the end of the cards

    def abandon(self) -> None:
        """Stop the indexing (the load failed): nothing more is sent or committed."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.communicate()


def main(argv: list[str]) -> int:
    from lineage.cypher.cardstore import CardWriter

    folder, source = Path(argv[0]), argv[1]
    fd = sys.stdin.fileno() if source == "-" else int(source)
    try:
        with CardWriter(folder) as writer:
            for rows in batches_of(fd, BATCH):
                writer.add(rows)
    except LineageError as err:
        print(err, file=sys.stderr)
        return err.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
