"""What the command modules share: the :class:`~lineage.ui.explorer.Explorer` each command
asks, and ``-p name=value`` query parameters."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator

import click

from lineage.ui.explorer import Explorer


@contextlib.contextmanager
def explorer() -> Iterator[Explorer]:
    """The explorer of the configured database, closed afterwards."""
    with Explorer() as opened:
        yield opened


def parse_params(pairs: tuple[str, ...]) -> dict[str, object]:
    """``-p name=value`` pairs; values that read as JSON (numbers, lists) are typed."""
    params: dict[str, object] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{pair!r} is not name=value", param_hint="-p")
        try:
            params[name] = json.loads(value)
        except json.JSONDecodeError:
            params[name] = value
    return params
