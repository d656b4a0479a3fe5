"""Finding a model by the Hub id a user typed, and saying which ids come closest when it is not
in the graph.

Every command and page that takes a model id goes through :func:`find_model`, so an unknown id
gets one shape of answer everywhere: one line naming the id and the closest ids in the graph.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from lineage.cypher.client import Graph
from lineage.errors import ModelNotFound

__all__ = ["CLOSEST", "fragments", "closest_ids", "not_found", "find_model"]

CLOSEST = 5
_PER_FRAGMENT = 50
_WORD = re.compile(r"[a-z0-9]+")


def fragments(model_id: str) -> list[str]:
    """Pieces of an id to look for candidates by: the owner, the name, and the name's longer
    words (a typo in one word still finds the others).

    Examples
    --------
    >>> fragments("Meta-Llama/Llama-3.1-8B-Instructt")
    ['meta-llama/', 'llama-3.1-8b-instructt', 'instructt', 'llama']
    """
    key = model_id.strip().lower()
    owner, _, name = key.rpartition("/")
    found = [f"{owner}/"] if owner else []
    if name:
        found.append(name)
    words = sorted({w for w in _WORD.findall(name) if len(w) >= 4}, key=lambda w: (-len(w), w))
    found.extend(w for w in words[:3] if w not in found)
    return found


def closest_ids(graph: Graph, model_id: str, limit: int = CLOSEST) -> list[str]:
    """The ids in the graph most like ``model_id`` (by difflib's ratio on lower-cased ids),
    best first; empty when nothing shares a fragment with it.

    Examples
    --------
    >>> closest_ids(graph, "openai/whisper-larg")  # doctest: +SKIP
    ['openai/whisper-large', 'openai/whisper-large-v2', 'openai/whisper-large-v3']
    """
    parts = fragments(model_id)
    if not parts:
        return []
    candidates = [row["id"] for row in graph.run("models/closest", fragments=parts,
                                                  per_fragment=_PER_FRAGMENT)]
    wanted = model_id.strip().lower()
    ranked = sorted(candidates, key=lambda c: (-difflib.SequenceMatcher(
        None, wanted, c.lower()).ratio(), c))
    return ranked[:limit]


def not_found(graph: Graph, model_id: str) -> ModelNotFound:
    """The error for an id that is not in the graph, naming the closest ids."""
    close = closest_ids(graph, model_id)
    hint = (f"closest: {', '.join(close)}" if close
            else "no id is close to it; search with `lineage search TEXT`")
    error = ModelNotFound(f"no model {model_id.strip()!r} in the graph; {hint}")
    error.closest = close
    return error


def find_model(graph: Graph, model_id: str) -> dict[str, Any]:
    """The properties of the model with this Hub id (any case, surrounding spaces ignored), with
    ``placeholder`` saying whether it is one.

    Raises
    ------
    ModelNotFound
        When no model has this id; the message names the closest ids (``.closest`` holds them).
    """
    rows = graph.run("models/get", id=model_id)
    if not rows:
        raise not_found(graph, model_id)
    return rows[0]["model"]
