"""Values as the reports write them: plain text, and text escaped for HTML."""

from __future__ import annotations

import html
from typing import Any

__all__ = ["plain", "h"]


def plain(value: Any) -> str:
    """A value as a report writes it: lists joined by commas, booleans as yes or no, floats
    to four significant digits, integers with thousands separators.

    Examples
    --------
    >>> plain([1234, 0.123456, True, None])
    '1,234, 0.1235, yes, '
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(plain(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def h(value: Any) -> str:
    """Text escaped for HTML (quotes too).

    Examples
    --------
    >>> h('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape(plain(value), quote=True)
