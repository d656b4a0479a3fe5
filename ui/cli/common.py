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
    """The explorer of the configured database, closed afterwards. A model id given by an id
    the model had before a rename is answered for under its new id, and said on stderr in one
    line (``org/c was renamed: showing org/c2``): this is where every command does it."""
    with Explorer(on_renamed=renamed_note) as opened:
        yield opened


def renamed_note(old: str, new: str) -> None:
    """The line saying that a model id given is an old one (on stderr: outputs stay clean)."""
    click.echo(f"{old} was renamed: showing {new}", err=True)


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
