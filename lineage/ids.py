"""Hub ids and references to them.

A model's own id keeps its canonical spelling; every reference to a model (a parent named in a
tag, a card, a dataset column, a URL) is normalised before matching: surrounding whitespace and
``https://huggingface.co/`` prefixes are removed, and matching is case-insensitive through the
node's ``key`` (the lower-cased id), as on the Hub.
"""

from __future__ import annotations

import re

# Hub repository ids: an optional owner and a name of letters, digits, '-', '_', '.'.
_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*(/[\w.\-]+)?$")
_URL = re.compile(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/", re.IGNORECASE)
# What may follow the id in a pasted URL: /tree/main, /blob/main/README.md, /resolve/...
_URL_TAIL = re.compile(r"/(?:tree|blob|resolve|commit|discussions)/.*$")


class BadReference(ValueError):
    """A value that does not name a Hub model."""


def model_key(model_id: str) -> str:
    """The matching key of a Hub id: ids match case-insensitively."""
    return model_id.lower()


def normalise_reference(text: object) -> str:
    """The Hub id a reference names: ``' https://huggingface.co/Org/Model/tree/main '`` ->
    ``'Org/Model'``. Raises :class:`BadReference` when it names no model."""
    if not isinstance(text, str):
        raise BadReference("not a model id")
    value = text.strip()
    if _URL.match(value):
        value = _URL_TAIL.sub("", _URL.sub("", value)).strip("/")
        if value.startswith("models/"):
            value = value.removeprefix("models/")
    if not _ID.match(value) or ".." in value:
        raise BadReference("not a model id")
    return value


def check_model_id(text: object) -> str:
    """A model's own id, stripped of whitespace; raises :class:`BadReference` when invalid."""
    if not isinstance(text, str) or not text.strip():
        raise BadReference("missing model id")
    value = text.strip()
    if not _ID.match(value) or ".." in value:
        raise BadReference("not a model id")
    return value
