"""The changes a load records: the vocabulary every room shares.

Each load compares what it states with what the graph held and records every difference in a
watched fact as one change (a ``(:Change)`` node; ``lineage changes`` lists them). The first
load to finish in a graph is the baseline and records none.
"""

from __future__ import annotations

from lineage.errors import UsageError

#: Change kind -> what it means. ``before`` and ``after`` hold the old and new value.
KINDS: dict[str, str] = {
    "added": "a model loaded for the first time (or a placeholder that is now loaded)",
    "removed": "a complete listing no longer holds the model",
    "returned": "a removed model is listed again",
    "renamed": "the repository has a new id (before: the old id, after: the new)",
    "license": "the licences changed",
    "gated": "the access gate changed",
    "task": "the pipeline tag changed",
    "library": "the library changed",
    "card": "the card appeared, went, or changed length (before, after: its length; "
            "empty: no card)",
    "parent_added": "the model declares a parent it did not (after: the parent)",
    "parent_ended": "the model no longer declares a parent (before: the parent)",
}

#: Watched facts stored as one model property each: change kind -> property.
WATCHED_PROPERTIES: dict[str, str] = {
    "license": "licenses", "gated": "gated", "task": "pipeline_tag", "library": "library_name",
}


def change_kinds(text: str | None) -> list[str] | None:
    """The kinds a comma-separated ``--kind`` names (None: every kind).

    Examples
    --------
    >>> change_kinds("license, removed")
    ['license', 'removed']
    """
    if text is None:
        return None
    kinds = [k.strip() for k in text.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        raise UsageError(f"unknown change kind {unknown[0] if unknown else text!r}: use "
                         f"{', '.join(KINDS)}")
    return kinds
