"""The graph model's fixed vocabulary: labels and relationship types.

Analysts write Cypher against this model, so it is a public interface documented in the README
and changed only with a migration (``cypher/schema/``). Relationship types that must be spliced
into query text come from :class:`Relation`, never from input.
"""

from __future__ import annotations

import enum


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

MODEL = "Model"
SNAPSHOT = "Snapshot"
CARD = "Card"
