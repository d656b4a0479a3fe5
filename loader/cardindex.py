"""Index a load's spooled card texts in a process of its own.

Tantivy's binding lets go of the GIL inside every ``add_document`` and must win it back after:
beside a busy Python thread of the load, each card then waits out the interpreter's switch
interval (5 ms), a convoy that stretched a load of 1.24M cards by minutes. A process of its own
has its own GIL. The load hands it the spool's open file and the store's folder, and waits.

    python -m lineage.loader.cardindex FOLDER FD
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lineage.errors import LineageError, UsageError
from lineage.loader.spool import Spool, batches_of

#: Card texts handed to the text index at a time.
BATCH = 2000


def start(spool: Spool, folder: Path) -> subprocess.Popen:
    """Start indexing every card text in ``spool`` into the store at ``folder``."""
    fd = spool.fileno()
    return subprocess.Popen([sys.executable, "-m", "lineage.loader.cardindex", str(folder),
                             str(fd)], pass_fds=(fd,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def wait(process: subprocess.Popen) -> None:
    """Wait until the cards are indexed and committed; raise what stopped the indexing."""
    _, err = process.communicate()
    if process.returncode:
        message = err.strip().splitlines()[-1] if err.strip() else f"exit {process.returncode}"
        error = UsageError if process.returncode == UsageError.exit_code else LineageError
        raise error(f"indexing the card texts stopped: {message}")


def main(argv: list[str]) -> int:
    from lineage.cypher.cardstore import CardWriter

    folder, fd = Path(argv[0]), int(argv[1])
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
