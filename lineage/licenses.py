"""Licences in one spelling: the Hub's licence ids (``apache-2.0``, ``mit``, ``llama3.1`` ...).

Tags already carry Hub ids (``license:apache-2.0``); card metadata and other sources spell the
same licence many ways (``Apache 2.0``, ``Apache License 2.0``, ``MIT License``, ``CC BY-NC 4.0``).
"""

from __future__ import annotations

import re

_ALIASES = {
    "apache": "apache-2.0",
    "apache2": "apache-2.0",
    "apache-2": "apache-2.0",
    "apache-license-2.0": "apache-2.0",
    "apache-license-version-2.0": "apache-2.0",
    "mit-license": "mit",
    "the-mit-license": "mit",
    "gpl3": "gpl-3.0",
    "gplv3": "gpl-3.0",
    "gpl-3": "gpl-3.0",
    "gplv2": "gpl-2.0",
    "gpl-2": "gpl-2.0",
    "bsd-3": "bsd-3-clause",
    "bsd": "bsd",
    "cc-by-nc": "cc-by-nc-4.0",
    "cc0": "cc0-1.0",
    "llama-3": "llama3",
    "llama-3.1": "llama3.1",
    "llama-3.2": "llama3.2",
    "llama-3.3": "llama3.3",
    "llama-2": "llama2",
    "openrail++": "openrail++",
}


def normalise_license(value: object) -> str | None:
    """The Hub licence id for a spelling (``'Apache License 2.0'`` -> ``'apache-2.0'``).

    >>> normalise_license(" MIT License "), normalise_license("CC BY-NC 4.0")
    ('mit', 'cc-by-nc-4.0')
    """
    if not isinstance(value, str):
        return None
    text = value.strip().lower().removeprefix("license:").strip()
    if not text:
        return None
    text = re.sub(r"[\s_]+", "-", text)
    text = re.sub(r"-?v(?=\d)", "-", text) if text.startswith(("gpl", "lgpl", "agpl")) else text
    text = text.replace("--", "-").strip("-")
    return _ALIASES.get(text, text)
