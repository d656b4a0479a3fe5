"""Read one Hub model object into a :class:`ModelRecord`.

The Hub's API returns camelCase JSON (``createdAt``, ``cardData``, ``trendingScore``);
``huggingface_hub``'s ``ModelInfo`` and the crawl files use snake_case (``created_at``,
``card_data``). Both shapes are read here, once, for every Hub-shaped source (crawl files, JSONL
snapshots, the live API).

Lineage rules (see the README):

* ``base_model:<relation>:<parent>`` tags give typed edges; an unknown relation word gives the
  untyped relationship with the word kept.
* A bare ``base_model:<parent>`` tag gives the untyped relationship unless a typed edge to the
  same parent exists.
* Card metadata (``base_model``, ``base_model_relation``) is read when the tags declare no
  parent.

What the model is (architecture, size, chat template, quantization) is read by
:mod:`.modelfacts`, and the models its card names by :mod:`.cardmentions`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import yaml

from lineage.ids import BadReference, check_model_id, normalise_reference
from lineage.languages import is_language_code, language_code
from lineage.licenses import normalise_license
from lineage.loader import cardmentions, modelfacts
from lineage.loader.records import ModelRecord, Reject
from lineage.relations import Relation


def _pick(info: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        value = info.get(name)
        if value is not None:
            return value
    return None


def record_from_hub(info: Mapping[str, Any], position: str, card: str | None = None,
                    card_known: bool = False) -> ModelRecord:
    """Interpret a Hub model object. Raises :class:`BadReference` when it has no usable id;
    problems with single fields become the record's rejects and the field is left unset."""
    model_id = check_model_id(_pick(info, "id", "modelId", "model_id"))
    record = ModelRecord(id=model_id, position=position, card=card, card_known=card_known)
    field_errors = record.rejects

    def bad(field: str, value: Any, why: str) -> None:
        field_errors.append(Reject(position, f"{field}: {why}", value, model_id, kind="field"))

    object_id = _pick(info, "_id")
    if isinstance(object_id, str) and object_id.strip():
        record.object_id = object_id.strip()
    elif object_id is not None:
        bad("_id", object_id, "not a text")
    record.author = _text(_pick(info, "author")) or (model_id.split("/")[0]
                                                      if "/" in model_id else None)
    for field, names in (("created_at", ("createdAt", "created_at")),
                         ("last_modified", ("lastModified", "last_modified"))):
        raw = _pick(info, *names)
        if raw is not None:
            try:
                setattr(record, field, parse_datetime(raw))
            except ValueError:
                bad(field, raw, "not a date and time")
    for field, names, kind in (("likes", ("likes",), int), ("downloads", ("downloads",), int),
                               ("trending_score", ("trendingScore", "trending_score"), float)):
        raw = _pick(info, *names)
        if raw is not None:
            try:
                setattr(record, field, parse_number(raw, kind))
            except ValueError:
                bad(field, raw, "not a number")
    record.pipeline_tag = _text(_pick(info, "pipeline_tag", "pipelineTag"))
    record.library_name = _text(_pick(info, "library_name", "libraryName"))
    private = _pick(info, "private")
    record.private = private if isinstance(private, bool) else None
    gated = _pick(info, "gated")
    if gated is not None:
        record.gated = str(gated).lower() if gated is not False else "false"

    tags = _pick(info, "tags")
    if tags is not None and not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        bad("tags", tags, "not a list of strings")
        tags = None
    card_data = _card_data(_pick(info, "cardData", "card_data"), bad)
    apply_tags(record, tags or [], card_data)
    record.tags = tags
    for name, value in modelfacts.hub_facts(info, tags or (), bad).items():
        setattr(record, name, value)
    _read_mentions(record, card_data)
    base_models = _pick(info, "baseModels", "base_models")
    # /api/models/<id>?expand=baseModels gives one {"relation", "models"} object.
    for base in [base_models] if isinstance(base_models, Mapping) else base_models or []:
        _add_base_models_field(record, base)
    record.settle_untyped()
    return record


def _read_mentions(record: ModelRecord, card_data: Mapping[str, Any]) -> None:
    """The card's mentions, when the source gives the card text or its YAML. The YAML alone is
    part of the card: it states mentions only when it names some, so that it does not clear
    what a source with the whole card stated."""
    has_text = bool(record.card and record.card.strip())
    if not (has_text or card_data):
        return
    found, count = cardmentions.card_mentions(record.id, record.card if has_text else None,
                                              card_data or None)
    if has_text or count:
        record.card_mentions, record.card_mention_count = found, count


def apply_tags(record: ModelRecord, tags: list[str], card_data: Mapping[str, Any] | None) -> None:
    """Fill traits and declared parents from Hub tags, then card metadata where tags are silent."""
    licenses, languages, datasets, arxiv = [], [], [], []
    for tag in tags:
        prefix, sep, rest = tag.partition(":")
        if not sep:
            if is_language_code(tag):
                languages.append(tag)
            continue
        if prefix == "license":
            licenses.append(normalise_license(rest))
        elif prefix == "dataset":
            datasets.append(rest)
        elif prefix == "arxiv":
            arxiv.append(rest)
        elif prefix == "base_model":
            add_tag_parent(record, rest)
    card_data = card_data or {}
    if not licenses:
        licenses = [normalise_license(v) for v in _as_list(card_data.get("license"))]
    card_languages = _as_list(card_data.get("language"))
    other_languages = []
    for value in card_languages:
        code = language_code(value) if isinstance(value, str) else None
        if code:
            languages.append(code)
        elif isinstance(value, str) and value.strip():
            other_languages.append(value.strip())
    if not datasets:
        datasets = [d for d in _as_list(card_data.get("datasets")) if isinstance(d, str)]
    if not record.parents and "base_model" in card_data:
        word = card_data.get("base_model_relation")
        word = word if isinstance(word, str) else None
        relation = Relation.from_word(word) or Relation.DERIVATIVE
        for value in _as_list(card_data.get("base_model")):
            _add_parent(record, value, relation, "card",
                        word if relation is Relation.DERIVATIVE and word else None)
    record.licenses = _unique(x for x in licenses if x)
    record.languages = _unique(languages)
    if other_languages:
        record.rejects.append(Reject(record.position, "languages: not an ISO 639 language, "
                                     "left out of languages", other_languages, record.id,
                                     kind="field"))
    record.datasets = _unique(datasets)
    record.arxiv = _unique(arxiv)


def add_tag_parent(record: ModelRecord, rest: str) -> None:
    """Declare the parent of one ``base_model:`` tag, given what follows ``base_model:``
    (``<parent>`` or ``<relation>:<parent>``)."""
    word, sep, ref = rest.partition(":")
    if not sep:
        _add_parent(record, rest, Relation.DERIVATIVE, "tag")
        return
    relation = Relation.from_word(word)
    _add_parent(record, ref, relation or Relation.DERIVATIVE, "tag",
                None if relation else word)


def _add_parent(record: ModelRecord, value: Any, relation: Relation, source: str,
                word: str | None = None) -> None:
    try:
        parent = normalise_reference(value)
    except BadReference as err:
        record.rejects.append(Reject(record.position, str(err), value, record.id, kind="edge"))
        return
    record.add_parent(parent, relation, source, word)


def _add_base_models_field(record: ModelRecord, base: Any) -> None:
    # The API's expand=baseModels shape: {"relation": "finetune", "models": [{"id": ...}]}
    if not isinstance(base, Mapping):
        return
    word = base.get("relation")
    relation = Relation.from_word(word) or Relation.DERIVATIVE
    for model in base.get("models") or []:
        ref = model.get("id") if isinstance(model, Mapping) else model
        _add_parent(record, ref, relation, "tag",
                    word if relation is Relation.DERIVATIVE and word else None)


def _card_data(raw: Any, bad) -> dict[str, Any]:
    if raw is None or raw == "":
        return {}
    if isinstance(raw, Mapping):
        return dict(raw)
    if isinstance(raw, str):
        try:
            value = yaml.safe_load(raw)
        except yaml.YAMLError:
            bad("card_data", raw, "not valid YAML")
            return {}
        if isinstance(value, Mapping):
            return dict(value)
    bad("card_data", raw, "not a mapping")
    return {}


def parse_datetime(value: Any) -> dt.datetime:
    """A timezone-aware UTC datetime from ISO text (``'2022-04-07 20:28:29+00:00'``, ``...Z``)."""
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str) and value.strip():
        parsed = dt.datetime.fromisoformat(value.strip())
    else:
        raise ValueError(f"not a date: {value!r}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.astimezone(dt.timezone.utc)


def parse_number(value: Any, kind: type) -> int | float:
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValueError("empty")
    if kind is int:
        try:
            return int(value)
        except (TypeError, ValueError):
            number = float(value)
            if not number.is_integer():
                raise ValueError(f"not a whole number: {value!r}") from None
            return int(number)
    number = float(value)
    if kind is float and not math.isfinite(number):
        raise ValueError("not finite")
    return number


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _unique(values) -> list:
    return list(dict.fromkeys(values))
