"""Card search: models whose model card contains a phrase, from the full-text index.

What a user types is always searched as one phrase of text: every character that means
something to Lucene's query syntax (quotes, wildcards, fuzzy and boost marks, field colons,
boolean operators, brackets) is escaped, so no input can change the query's meaning or make it
fail. Matching is by words, any case (Lucene's standard analyzer): ``"merged with"`` finds
"Merged with", not "emerged without".
"""

from __future__ import annotations

import re
from typing import Any

from lineage.cypher.client import Graph
from lineage.errors import UsageError

#: Every character Lucene's classic query parser gives a meaning to.
LUCENE_SYNTAX = frozenset('\\+-&|!(){}[]^"~*?:/')
SNIPPET_WIDTH = 240
_WORD = re.compile(r"\w+")


def phrase_query(text: str) -> str:
    """The Lucene query that finds ``text`` as a phrase, every syntax character escaped.

    >>> phrase_query('distilled from "gpt-2"*')
    '"distilled from \\\\"gpt\\\\-2\\\\"\\\\*"'
    """
    escaped = "".join("\\" + c if c in LUCENE_SYNTAX else c for c in " ".join(text.split()))
    return f'"{escaped}"'


def search_cards(graph: Graph, text: str, limit: int = 20,
                 width: int = SNIPPET_WIDTH) -> list[dict[str, Any]]:
    """Models whose card contains ``text`` as a phrase, best match first.

    Returns rows ``id, score, snippet, card_length, downloads, placeholder, synthetic``; the
    snippet is ``width`` characters of the card around the phrase's first word, its
    whitespace folded to single spaces. Text without a single word (only punctuation) matches
    nothing. Raises :class:`UsageError` for blank text or a limit below 1.

    >>> search_cards(None, "   ")
    Traceback (most recent call last):
    ...
    lineage.errors.UsageError: give words to look for in model cards (the search text is blank)
    """
    if not text.strip():
        raise UsageError("give words to look for in model cards (the search text is blank)")
    if limit < 1:
        raise UsageError(f"the limit must be at least 1, not {limit}")
    word = _WORD.search(text)
    if word is None:
        return []
    rows = graph.run("cards/search", query=phrase_query(text), needle=word.group().lower(),
                     width=width, limit=limit)
    for row in rows:
        row["snippet"] = " ".join((row["snippet"] or "").split())
    return rows
