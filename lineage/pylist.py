"""Python list literals such as ``"['apache-2.0', 'mit']"``, parsed safely and fast.

The published dataset stores every list column this way. Nothing is ever evaluated: a regular
expression reads string items, and anything else goes to :func:`ast.literal_eval`, which only
accepts literals.
"""

from __future__ import annotations

import ast
import re

_ITEM = r"""(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_LIST = re.compile(rf"^\[\s*(?:{_ITEM}\s*(?:,\s*{_ITEM}\s*)*,?\s*)?\]$", re.S)
_ITEMS = re.compile(_ITEM, re.S)


class ListLiteralError(ValueError):
    """The text is not a list literal of strings."""


def parse_list(text: str) -> list[str]:
    """The items of a list literal of strings.

    >>> parse_list("['en', \\"it's\\"]"), parse_list("[]")
    (['en', "it's"], [])
    """
    value = text.strip()
    if value == "[]" or value == "":
        return []
    if _LIST.match(value):
        items = []
        for token in _ITEMS.findall(value):
            body = token[1:-1]
            items.append(ast.literal_eval(token) if "\\" in body else body)
        return items
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise ListLiteralError("not a list literal") from None
    if not isinstance(parsed, (list, tuple)) or not all(isinstance(i, str) for i in parsed):
        raise ListLiteralError("not a list of strings")
    return list(parsed)
