"""The relations between a child and its parent: the vocabulary every room shares.

A relation is how a child was made from its parent (the glossary's *relation*). In the graph
each is one relationship type (:attr:`Relation.type`); in frames, the command line, the app and
reports it is a word (:attr:`Relation.label`: ``finetune``, ``adapter``, ``quantization``,
``merge``, ``unstated``). The two spellings meet only here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from lineage.errors import UsageError


class Relation(enum.Enum):
    """How a child was made from its parent; each member is one relationship type.

    The value is the word Hub tags use in ``base_model:<word>:<parent>`` (None for the
    untyped relationship, which also keeps unknown words in its ``relation_word`` property).
    """

    FINETUNE = "finetune"
    ADAPTER = "adapter"
    QUANTIZATION = "quantized"
    MERGE = "merge"
    DERIVATIVE = None

    @property
    def type(self) -> str:
        """The relationship type in the graph."""
        return self.name

    @property
    def label(self) -> str:
        """The word used in the app and reports."""
        return "unstated" if self is Relation.DERIVATIVE else self.name.lower()

    @classmethod
    def from_word(cls, word: str | None) -> Relation | None:
        """The relation a tag word names (``finetune``, ``quantized`` ...), else None."""
        if not word:
            return None
        return _WORDS.get(word.strip().lower())

    @classmethod
    def types(cls) -> list[str]:
        return [member.type for member in cls]


_WORDS = {
    member.value: member for member in Relation if member.value is not None
}


#: The relation words, in the order of :class:`Relation`.
RELATIONS: tuple[str, ...] = tuple(member.label for member in Relation)
#: Relationship type -> relation word, and back.
LABELS: dict[str, str] = {member.type: member.label for member in Relation}
TYPES: dict[str, str] = {member.label: member.type for member in Relation}


def relation_types(relations: Iterable[str] | None = None) -> list[str]:
    """The relationship types of the given relation words (all of them when None).

    Raises :class:`~lineage.errors.UsageError` naming the valid words for an unknown one.

    Examples
    --------
    >>> relation_types(["finetune", "merge"])
    ['FINETUNE', 'MERGE']
    """
    if relations is None:
        return Relation.types()
    wanted = list(relations)
    unknown = [r for r in wanted if r not in TYPES]
    if unknown:
        raise UsageError(f"unknown relation {unknown[0]!r}: use {', '.join(TYPES)}")
    return [TYPES[r] for r in wanted]


#: Suggested lineage (``lineage infer``): a relationship type of its own, parent to child as
#: declared lineage runs, never one of :class:`Relation`, so that measures, kin and reports
#: follow it only where a reader asks for it (``--include-suggested``).
SUGGESTED_TYPE = "SUGGESTED_PARENT"
#: The word for a suggested edge in frames, exports and reports.
SUGGESTED_LABEL = "suggested"

#: An edge whose child no longer declares it (or whose child left the Hub): a relationship type
#: of its own, parent to child, keeping the edge's properties and its ``relation`` (the type it
#: had), with ``ended_at`` and ``ended_snapshot``. Like suggestions, never one of
#: :class:`Relation`, so nothing follows it unless a reader asks for history.
ENDED_TYPE = "ENDED"
