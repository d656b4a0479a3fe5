"""Finding models: by a part of their id, among the most downloaded, and by the text of their
model card.

Card search reads the card text store's full-text index (:mod:`lineage.cypher.cardstore`).

What a user types is always searched as one phrase of words: the words are cut out of the text
by the index's own tokenizer (runs of letters and digits, any case) and the query is built from
them as terms, never parsed,
so no character (quotes, wildcards, fuzzy and boost marks, field colons, boolean operators,
brackets) can change the query's meaning or make it fail: ``"merged with"`` finds "Merged
with", not "emerged without"; ``gpt-2 v1.5`` finds the words gpt, 2, v1, 5 in that order.
"""

from __future__ import annotations

from typing import Any

from lineage.cypher import cardstore
from lineage.cypher.client import Graph
from lineage.errors import UsageError
from lineage.relations import Relation

__all__ = ["search_ids", "popular", "search_cards", "LUCENE_SYNTAX"]

#: Every character Lucene's classic query parser gives a meaning to: all are searched as text
#: (they separate words), which the tests check.
LUCENE_SYNTAX = frozenset('\\+-&|!(){}[]^"~*?:/')
SNIPPET_WIDTH = 240


def search_ids(graph: Graph, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """Models whose id contains ``text`` (any case), most downloaded first: rows ``id``,
    ``downloads``, ``likes``, ``pipeline_tag``, ``synthetic``, ``placeholder`` (see the query
    ``models/search``)."""
    return graph.run("models/search", text=text, limit=limit)


def popular(graph: Graph, limit: int) -> list[dict[str, Any]]:
    """Among the ``limit`` most downloaded models, those with the most children first (where
    the app starts); the first model by id when no model has a download count."""
    found = graph.run("models/popular", types=Relation.types(), limit=limit)
    return found or search_ids(graph, "", 1)


def search_cards(graph: Graph, text: str, limit: int = 20,
                 width: int = SNIPPET_WIDTH) -> list[dict[str, Any]]:
    """Models whose card contains ``text`` as a phrase, best match first.

    Returns rows ``id, score, snippet, card_length, downloads, placeholder, synthetic``; the
    score is BM25's, the snippet at most ``width`` characters of the card around the phrase,
    its whitespace folded to single spaces. Text without a single word (only punctuation)
    matches nothing, and so does a graph without card texts. Raises :class:`UsageError` for
    blank text or a limit below 1.

    >>> search_cards(None, "   ")
    Traceback (most recent call last):
    ...
    lineage.errors.UsageError: give words to look for in model cards (the search text is blank)
    """
    if not text.strip():
        raise UsageError("give words to look for in model cards (the search text is blank)")
    if limit < 1:
        raise UsageError(f"the limit must be at least 1, not {limit}")
    phrase = cardstore.words(text)
    store = cardstore.CardStore.of(graph) if phrase else None
    if store is None:
        return []
    hits = store.search(phrase, limit, width)
    if not hits:
        return []
    models = {row["key"]: row for row in graph.run("cards/search", keys=[k for k, _, _ in hits])}
    rows = []
    for key, score, snippet in hits:
        model = models.get(key)
        if model is not None:  # a card whose model was deleted since
            rows.append({"id": model["id"], "score": score, "snippet": " ".join(snippet.split()),
                         "card_length": model["card_length"], "downloads": model["downloads"],
                         "placeholder": model["placeholder"], "synthetic": model["synthetic"]})
    return rows
