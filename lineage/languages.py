"""Languages in one normalised form: ISO 639 codes (the two-letter ISO 639-1 code where the
language has one, else the three-letter ISO 639-3 code), with names derivable.

Hub tags and card metadata give codes (``en``, ``eng``, ``en-US``); the published dataset gives
ISO 639-3 reference names (``English``, ``Modern Greek (1453-)``). Both map to the same code.
"""

from __future__ import annotations

import functools

import pycountry

# Names that older editions of ISO 639-3 (and so older datasets) use for a language pycountry
# now names differently.
_FORMER_NAMES = {"nyanja": "ny", "chewa": "ny", "dhivehi": "dv", "maldivian": "dv"}


@functools.cache
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    by_text: dict[str, str] = {}
    names: dict[str, str] = {}
    # Codes first, then names: 'en' is English's code and also the name of another language.
    passes = (("alpha_2",), ("alpha_3", "bibliographic"),
              ("name", "common_name", "inverted_name"))
    for fields in passes:
        for language in pycountry.languages:
            code = getattr(language, "alpha_2", None) or language.alpha_3
            names.setdefault(code, language.name)
            for field in fields:
                text = getattr(language, field, None)
                if text:
                    by_text.setdefault(text.lower(), code)
    for name, code in _FORMER_NAMES.items():
        by_text.setdefault(name, code)
    return by_text, names


def language_code(value: str) -> str | None:
    """The ISO 639 code for a code or name (``'English'`` -> ``'en'``); None if unknown.

    >>> language_code("Modern Greek (1453-)"), language_code("eng"), language_code("pt-BR")
    ('el', 'en', 'pt')
    """
    text = value.strip().lower()
    if not text:
        return None
    by_text, _ = _tables()
    code = by_text.get(text)
    if code is None and ("-" in text or "_" in text):  # a regional tag such as en-US
        code = by_text.get(text.replace("_", "-").split("-")[0])
    return code


def is_language_code(tag: str) -> bool:
    """Whether a bare Hub tag is a language: Hub language tags are ISO 639-1 codes."""
    return len(tag) == 2 and tag.islower() and language_code(tag) is not None


def language_name(code: str) -> str:
    """The ISO 639 reference name of a code (``'en'`` -> ``'English'``)."""
    return _tables()[1].get(code, code)
