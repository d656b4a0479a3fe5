"""One exception hierarchy for the whole project.

Every message says what went wrong and what to do about it; the command line prints the
message and exits with the class's ``exit_code`` (1 for failures, 2 for misuse).
"""

from __future__ import annotations

import os
import shutil


class LineageError(Exception):
    """Base class of every error the project raises on purpose."""

    exit_code = 1


class UsageError(LineageError):
    """The caller asked for something that cannot work as asked (bad option, bad value)."""

    exit_code = 2


class SettingsError(UsageError):
    """A setting (environment variable) has a value that cannot be used."""


class DatabaseUnavailable(LineageError):
    """Neo4j cannot be reached at the configured URI."""


class AuthenticationFailed(LineageError):
    """Neo4j refused the configured user name or password."""


class QueryError(LineageError):
    """Neo4j rejected or aborted a query (syntax, timeout, access mode, constraint)."""


class QueryRefused(UsageError):
    """The console refused a query a user typed: it would do more than read the graph."""


class DiskFull(LineageError):
    """A disk the project writes to (the graph's, ``LINEAGE_HOME``'s) has no space left."""

    #: What the operating system and Neo4j say when a disk is full.
    SIGNS = ("No space left on device", "os error 28", "ENOSPC")

    @classmethod
    def at(cls, path: str | os.PathLike, doing: str,
           then: str = "run the command again") -> DiskFull:
        """The error for a full disk met while ``doing`` something at ``path``: one line naming
        the disk (its mount point) and what to do."""
        place = os.path.abspath(path)
        mount = place
        while not os.path.ismount(mount) and os.path.dirname(mount) != mount:
            mount = os.path.dirname(mount)
        return cls(f"the disk mounted at {mount} (holding {place}) is full: {doing} stopped. "
                   f"Free space there, or point LINEAGE_HOME at a larger disk, then {then}")

    @classmethod
    def said_in(cls, text: str) -> bool:
        """Whether ``text`` (an error message) says a disk is full."""
        return any(sign in text for sign in cls.SIGNS)

    @staticmethod
    def nearly(path: str | os.PathLike, least: int = 64 * 2**20) -> bool:
        """Whether the disk holding ``path`` has less than ``least`` bytes free (Neo4j fails
        its writes, and its indexes, well before the last byte goes)."""
        try:
            return shutil.disk_usage(path).free < least
        except OSError:
            return False


class LocalServerError(LineageError):
    """The local Neo4j server could not be fetched, started or stopped."""


class MissingTool(LocalServerError):
    """A program the local server needs (Java 17+, Maven) is not installed."""


class InputError(LineageError):
    """A whole input file cannot be read (unknown format, unreadable, truncated)."""


class ModelNotFound(UsageError):
    """No model with the given Hub id is in the graph; ``closest`` holds the nearest ids."""

    closest: list[str] = []
