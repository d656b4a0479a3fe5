"""Helpers shared by the command modules."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from lineage.cypher.client import Graph
from lineage.settings import Settings


def settings() -> Settings:
    return Settings.from_env()


@contextlib.contextmanager
def connected() -> Iterator[Graph]:
    """A connection to the configured database, closed afterwards."""
    with Graph.connect(settings()) as graph:
        yield graph


def parse_params(pairs: tuple[str, ...]) -> dict[str, object]:
    """``-p name=value`` pairs; values that read as JSON (numbers, lists) are typed."""
    import json

    import click

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
