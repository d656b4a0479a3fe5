"""The other Hub models a model card names: evidence for lineage inference beyond what the
model declares.

A card *mentions* a model when its text links it (``https://huggingface.co/<owner>/<name>``,
also ``hf.co`` and without the scheme; never a ``/datasets/``, ``/spaces/``, ``/docs/`` ...
page), when a markdown link to the Hub is written with an id as its text
(``[owner/name](https://huggingface.co/...)``), or when a line of the body reads like a
mergekit config (``model: owner/name``, ``- model: owner/name``, ``base_model: owner/name``).

The card's own YAML is read too, without its ``base_model`` and ``base_model_relation``: those
declare the parents, and lineage inference must be able to hide a declaration and find it
again from the rest. So the YAML is the Hub object's ``cardData`` when a source gives it,
otherwise the card's front matter with those keys cut out; the body is the text after the front
matter.

Each id is normalised (:func:`lineage.ids.normalise_reference`; what it rejects is skipped),
the model itself is dropped, and ids are kept once each, case-insensitively, in the spelling
and order of their first appearance (the YAML comes first, as in the README). A model keeps
the first :data:`MENTION_LIMIT` and the count of all, so a card listing hundreds of models is
visible as such.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from lineage.ids import BadReference, model_key, normalise_reference

MENTION_LIMIT = 50
#: First path segments of huggingface.co pages that are not models.
NOT_OWNERS = frozenset({
    "datasets", "spaces", "docs", "blog", "papers", "collections", "models", "organizations",
    "api", "learn", "tasks", "posts", "settings", "login", "join", "new", "pricing", "chat",
    "enterprise", "search", "inference-endpoints", "terms-of-service", "privacy", "changelog",
    "course", "courses", "transformers", "join-discord", "huggingchat", "hub", "static",
    "front", "avatars", "assets", "buckets", "mcp", "sponsors", "notifications", "welcome",
})
_ID = r"[A-Za-z0-9][\w.\-]*/[\w.\-]+"
# The patterns start where a literal stands (".co/", "model:"), which str.find finds faster
# than any regex; what must stand around it (the Hub's host, a markdown link's text, the start
# of a line) is checked at each find. Hub ids are ASCII, so an id stops at the first letter of
# another script.
_LINK_PATH = re.compile(r"\.co/([A-Za-z0-9][\w.\-]*)/([\w.\-]+)", re.ASCII)
_HOSTS = ("huggingface", "hf")
_GLUED = re.compile(r"[\w.\-@]", re.ASCII)  # before a host's name: part of another host
_SCHEMES = ("https://", "http://")
_LINK_TEXT = re.compile(r"\s*`?(" + _ID + r")`?\s*", re.ASCII)
_LONGEST_LINK_TEXT = 200
_CONFIG_LINE = re.compile(r"model:[ \t]*[\"']?(" + _ID + r")[\"']?(?:\+\S*)?[ \t]*(?:#.*)?$",
                          re.MULTILINE | re.ASCII)
_CONFIG_HEAD = re.compile(r"[ \t]*(?:-[ \t]+)?(?:base_)?")
_DECLARATION = re.compile(r"base_model(?:_relation)?:")
_DECLARATIONS = frozenset({"base_model", "base_model_relation"})
# What a card needs to contain for any pattern above to match, tested by Arrow's kernels for a
# whole column before Python reads any card (told to ignore case, Arrow searches with RE2,
# faster than its plain substring search).
_HINTS = (".co/", "model:")


def card_references(text: str | None, card_yaml: Mapping[str, Any] | None = None
                    ) -> list[str]:
    """Every Hub id a card names, once each in order of first appearance (the model itself
    included: see :func:`mentions`). ``card_yaml``: the card's YAML as the source gives it
    apart from the text (``cardData``); without it, the text's front matter is read.

    >>> card_references('''---
    ... base_model: org/parent
    ... ---
    ... Merged with [Org/A](https://huggingface.co/org/a) and https://hf.co/datasets/x/y:
    ... ```yaml
    ... models:
    ...   - model: org/b
    ... ```''')
    ['Org/A', 'org/b']
    """
    front, body = _front_matter(text or "")
    if card_yaml:
        refs = list(_scan(_yaml_text(card_yaml)))
    elif front and (".co/" in front or front.count("model:") > front.count("base_model:")):
        refs = list(_scan(_undeclared(front)))
    else:
        refs = []
    return _unique([*refs, *_scan(text or "", body)])


def mentions(model_id: str, references: Sequence[str]) -> tuple[list[str], int]:
    """The mentions a model stores, and how many there are: ``references`` without the model
    itself, the first :data:`MENTION_LIMIT` of them.

    >>> mentions("org/m", ["Org/M", "org/a", "org/b"])
    (['org/a', 'org/b'], 2)
    """
    if not references:
        return [], 0
    own = model_key(model_id)
    others = [ref for ref in references if model_key(ref) != own]
    return others[:MENTION_LIMIT], len(others)


def card_mentions(model_id: str, text: str | None, card_yaml: Mapping[str, Any] | None = None
                  ) -> tuple[list[str], int]:
    """:func:`mentions` of :func:`card_references`."""
    return mentions(model_id, card_references(text, card_yaml))


def reference_column(column: pa.Array, texts: Sequence[str | None]) -> list[list[str]]:
    """:func:`card_references` of every card of an Arrow string column (``texts``: the same
    cards as Python strings). Only cards containing a link to the Hub or ``model:`` are
    searched, as Arrow's substring kernels find them: most cards name no model.

    >>> cards = ["See https://huggingface.co/org/a.", "No links here.", None]
    >>> reference_column(pa.array(cards), cards)
    [['org/a'], [], []]
    """
    hinted = pc.match_substring(column, _HINTS[0], ignore_case=True)
    for hint in _HINTS[1:]:
        hinted = pc.or_kleene(hinted, pc.match_substring(column, hint, ignore_case=True))
    return [card_references(text) if hit and text else []
            for text, hit in zip(texts, hinted.to_pylist())]


def _scan(text: str, pos: int = 0) -> Iterator[str]:
    """The ids the patterns find in a text from ``pos`` on, in order of position."""
    found: list[tuple[int, str]] = []
    dot = text.find(".co/", pos)
    while dot != -1:
        match = _LINK_PATH.match(text, dot)
        host = _hub_host(text, dot, pos) if match else -1
        if host != -1 and match.group(1).lower() not in NOT_OWNERS:
            # A repository name never ends with '.' or '-': that is the sentence around it.
            found.append((host, f"{match.group(1)}/{match.group(2).rstrip('.-')}"))
            label = _link_text(text, host, pos)
            if label:
                found.append(label)
        dot = text.find(".co/", dot + 4)
    config = text.find("model:", pos)
    if config != -1:
        for match in _CONFIG_LINE.finditer(text, config):
            line = text.rfind("\n", pos, match.start()) + 1 or pos
            if _CONFIG_HEAD.fullmatch(text, line, match.start()):
                found.append((match.start(), match.group(1)))
    found.sort(key=lambda item: item[0])
    # Normalised once per id: a card often names a model twice, as a link's text and its URL.
    for raw in dict.fromkeys(raw for _, raw in found):
        try:
            yield normalise_reference(raw)
        except BadReference:
            continue


def _hub_host(text: str, dot: int, pos: int) -> int:
    """Where the Hub's host ending at the ``.co/`` at ``dot`` starts, scheme included
    (``huggingface`` or ``hf``, maybe after ``www.``, standing alone: after a scheme, a space, a
    bracket ...); -1 when it is another host."""
    for host in _HOSTS:
        start = dot - len(host)
        if start >= pos and (text.startswith(host, start)
                             or text[start:dot].lower() == host):
            break
    else:
        return -1
    if start - 4 >= pos and text[start - 4:start].lower() == "www.":
        start -= 4
    if start > pos and _GLUED.match(text, start - 1):
        return -1
    for scheme in _SCHEMES:
        if start - len(scheme) >= pos and text.startswith(scheme, start - len(scheme)):
            return start - len(scheme)
    return start


def _link_text(text: str, url: int, pos: int) -> tuple[int, str] | None:
    """The id written as the text of the markdown link whose target starts at ``url``:
    ``[owner/name](https://huggingface.co/...)``, with where it stands."""
    end = url
    while end > pos and text[end - 1] in " \t\n<":
        end -= 1
    if end - 2 < pos or not text.startswith("](", end - 2):
        return None
    opening = text.rfind("[", max(pos, end - 2 - _LONGEST_LINK_TEXT), end - 2)
    label = _LINK_TEXT.fullmatch(text, opening + 1, end - 2) if opening != -1 else None
    return (opening, label.group(1)) if label else None


def _front_matter(text: str) -> tuple[str | None, int]:
    """The front matter (as :func:`~lineage.loader.cardfacts.split_front_matter` finds it) and
    where the body starts, without copying the body."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[3:end], end + 4
    return None, 0


def _unique(refs: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for ref in refs:
        seen.setdefault(model_key(ref), ref)
    return list(seen.values())


def _undeclared(front: str) -> str:
    """Front matter without its ``base_model`` and ``base_model_relation`` entries (each key's
    line and the indented or listed lines below it)."""
    kept, skipping = [], False
    for line in front.splitlines():
        if _DECLARATION.match(line):
            skipping = True
            continue
        if skipping and line[:1] in (" ", "\t", "-", ""):
            continue
        skipping = False
        kept.append(line)
    return "\n".join(kept)


def _yaml_text(card_yaml: Mapping[str, Any]) -> str:
    """The card YAML's values as lines the patterns read, its declarations left out. A nested
    ``model`` or ``base_model`` key (a merge config kept in the YAML) becomes a config line."""
    return "\n".join(_leaves({k: v for k, v in card_yaml.items() if k not in _DECLARATIONS}))


def _leaves(value: Any, key: Any = None) -> Iterator[str]:
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from _leaves(v, k)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _leaves(v, key)
    elif isinstance(value, str):
        yield f"model: {value}" if key in _DECLARATIONS or key == "model" else value
