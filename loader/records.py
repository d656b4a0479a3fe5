"""Typed rows: what every source turns its input into before anything is written.

A source yields :class:`ModelRecord` objects (one per model, with the parents it declares) and
:class:`Reject` objects (a row or edge it could not use, with where it was and why). The ingest
step writes records and reports rejects; no source talks to Neo4j.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from lineage.ids import model_key
from lineage.relations import Relation

#: The longest raw value a reject keeps (characters).
REJECT_VALUE_LIMIT = 500


@dataclasses.dataclass(slots=True)
class Parent:
    """A parent a model declares: ``id`` (normalised reference), how, and where it was said."""

    id: str
    relation: Relation
    source: str  # tag, card, dataset, crawl
    word: str | None = None  # the relation word when it is not one we know


@dataclasses.dataclass(slots=True)
class Reject:
    """Something a source could not use: the load goes on and the rejects file gets this."""

    position: str  # file:line, file:row, or API page
    reason: str
    value: Any = None
    model_id: str | None = None
    kind: str = "row"  # row, edge, file, card, cycle

    def as_json(self) -> dict[str, Any]:
        value = self.value
        if value is not None and not isinstance(value, (int, float, bool)):
            value = str(value)
            if len(value) > REJECT_VALUE_LIMIT:
                value = value[:REJECT_VALUE_LIMIT] + f"... ({len(value)} characters)"
        return {"position": self.position, "kind": self.kind, "reason": self.reason,
                "model_id": self.model_id, "value": value}


@dataclasses.dataclass(slots=True)
class ModelRecord:
    """One model as a source describes it. ``None`` means the source does not say."""

    id: str
    position: str
    object_id: str | None = None  # the Hub's stable id (``_id``): the same after a rename
    author: str | None = None
    created_at: dt.datetime | None = None
    last_modified: dt.datetime | None = None
    likes: int | None = None
    downloads: int | None = None
    trending_score: float | None = None
    pipeline_tag: str | None = None
    library_name: str | None = None
    private: bool | None = None
    gated: str | None = None
    licenses: list[str] | None = None
    languages: list[str] | None = None
    datasets: list[str] | None = None
    arxiv: list[str] | None = None
    tags: list[str] | None = None
    card: str | None = None  # full model-card text, when the source has it
    card_known: bool = False  # whether the source says anything about the card (even "none")
    card_truncated: bool = False  # the source's card text was already cut (see cards.py)
    card_facts: dict[str, Any] | None = None  # the card's facts, when the source computed them
    # What the model is (see modelfacts.py) and the models its card names (cardmentions.py).
    architecture: str | None = None
    model_type: str | None = None
    parameters: int | None = None
    chat_template_hash: str | None = None
    quant_method: str | None = None
    quant_bits: int | None = None
    card_mentions: list[str] | None = None  # empty: the card names no other model
    card_mention_count: int | None = None
    # Exact node properties a snapshot states beside the Hub fields; they win over what the
    # fields give (None: the property is absent). See formats/jsonl.py.
    properties: dict[str, Any] = dataclasses.field(default_factory=dict)
    parents: list[Parent] = dataclasses.field(default_factory=list)
    rejects: list[Reject] = dataclasses.field(default_factory=list)
    #: The kind of statement this record is of its parents (see ingest.STATEMENTS), set by the
    #: load: a newer statement of the same kind replaces the parents an older one declared.
    statement: str | None = None

    @property
    def key(self) -> str:
        return model_key(self.id)

    def add_parent(self, parent_id: str, relation: Relation, source: str,
                   word: str | None = None) -> None:
        """Declare a parent once per (parent, relation); a model naming itself is rejected."""
        key = model_key(parent_id)
        if key == self.key:
            self.rejects.append(Reject(self.position, "model names itself as its parent",
                                       parent_id, self.id, kind="edge"))
            return
        for known in self.parents:
            if model_key(known.id) == key and known.relation is relation:
                known.word = known.word or word  # base_model:<p> beside base_model:<word>:<p>
                return
        self.parents.append(Parent(parent_id, relation, source, word))

    def settle_untyped(self) -> None:
        """Drop an untyped parent when a typed edge to the same parent exists."""
        typed = {model_key(p.id) for p in self.parents if p.relation is not Relation.DERIVATIVE}
        self.parents = [p for p in self.parents
                        if p.relation is not Relation.DERIVATIVE or model_key(p.id) not in typed]
