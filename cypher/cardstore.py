"""Card text beside the graph: a Tantivy full-text index in ``$LINEAGE_HOME/cards/<id>``.

The full text of model cards (several GB for the published dataset) is kept out of Neo4j: writing
it into ``Card`` nodes and indexing it with Neo4j's Lucene index cost the server more CPU than
the rest of a load together. Tantivy (a Rust search library, in process) indexes it beside the
load (see :mod:`lineage.loader.cardindex`), stores it compressed, reads a card by key in
milliseconds and answers phrase searches ranked by BM25 with a snippet.

Which store belongs to which graph: the graph holds one ``(:CardStore {id})`` node, created by
the first load that writes a card, and the store is the folder named by that id under the
configured home. Clearing the graph deletes the node, so the next load starts a new, empty
store; a graph whose store is not on this machine has no card texts here (search says so).

Each document: ``key`` (the model key, untokenized), ``text`` (words and positions indexed,
stored) and ``truncated``. Words are Tantivy's default tokenizer's: runs of letters and digits,
lower-cased; tokens of 40 bytes or more are not indexed.
"""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import tantivy

from lineage.cypher.client import Graph
from lineage.errors import UsageError

#: Indexing memory of a writer, and its threads (the server needs the other core).
WRITER_HEAP = 256_000_000
WRITER_THREADS = 1
#: A writer makes what it added searchable at least this often (seconds), and at its close.
COMMIT_SECONDS = 120.0
#: The index's tokenizer without its long-token filter, so that a word too long to index keeps
#: its place in a phrase.
_WORDS = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
          .filter(tantivy.Filter.lowercase()).build())
_LONG_TOKEN = 40  # bytes: the default tokenizer drops tokens this long or longer


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    builder.add_text_field("text", stored=True, tokenizer_name="default",
                           index_option="position")
    builder.add_boolean_field("truncated", stored=True)
    return builder.build()


SCHEMA = _schema()


def store_folder(graph: Graph, store_id: str) -> Path:
    """Where the store of id ``store_id`` lives for this configuration."""
    return graph.settings.home / "cards" / store_id


def store_id(graph: Graph) -> str | None:
    """The id of the graph's card store (None: no card was ever loaded into it)."""
    rows = graph.run("cards/store")
    return rows[0]["id"] if rows else None


def words(text: str) -> list[str]:
    """The words of ``text`` as the index's tokenizer cuts them (runs of letters and digits,
    lower-cased), those too long to index included.

    >>> words('Distilled from "GPT-2"*~: v1.5')
    ['distilled', 'from', 'gpt', '2', 'v1', '5']
    """
    return _WORDS.analyze(text)


class CardStore:
    """Reads one card store: a card by key, phrase search."""

    _open: dict[Path, tantivy.Index] = {}
    _opening = threading.Lock()

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        with self._opening:
            index = self._open.get(folder)
            if index is None:
                index = tantivy.Index(SCHEMA, path=str(folder), reuse=True)
                self._open[folder] = index
        self.index = index

    @classmethod
    def of(cls, graph: Graph) -> CardStore | None:
        """The graph's card store, or None when the graph has none. Raises
        :class:`UsageError` when the graph names a store this machine does not hold."""
        found = store_id(graph)
        if found is None:
            return None
        folder = store_folder(graph, found)
        if not (folder / "meta.json").exists():
            raise UsageError(f"the card texts of this graph are kept in {folder}, which does not "
                             "exist here: set LINEAGE_HOME to the folder the cards were loaded "
                             "with, or load the cards again")
        return cls(folder)

    def _searcher(self) -> tantivy.Searcher:
        self.index.reload()
        return self.index.searcher()

    def count(self) -> int:
        return self._searcher().num_docs

    def texts(self, keys: Sequence[str]) -> dict[str, tuple[str, bool]]:
        """``key -> (text, truncated)`` for the keys that have a card."""
        if not keys:
            return {}
        searcher = self._searcher()
        query = tantivy.Query.term_set_query(SCHEMA, "key", list(keys))
        found = {}
        for _, address in searcher.search(query, len(keys), count=False).hits:
            doc = searcher.doc(address)
            found[doc["key"][0]] = (doc["text"][0], doc["truncated"][0])
        return found

    def text(self, key: str) -> str | None:
        """The card text of one model (None when it has no card)."""
        found = self.texts([key]).get(key)
        return found[0] if found else None

    def search(self, phrase: Sequence[str], limit: int, width: int
               ) -> list[tuple[str, float, str]]:
        """``(key, score, snippet)`` of the cards holding the words ``phrase`` in that order,
        best BM25 score first; the snippet is the card when it has at most ``width``
        characters, else at most ``width`` characters around the match."""
        query = phrase_query(phrase)
        if query is None:
            return []
        searcher = self._searcher()
        hits = searcher.search(query, limit, count=False).hits
        snippets = tantivy.SnippetGenerator.create(searcher, query, SCHEMA, "text")
        snippets.set_max_num_chars(width)
        out = []
        for score, address in hits:
            doc = searcher.doc(address)
            text = doc["text"][0]
            snippet = text if len(text) <= width else snippets.snippet_from_doc(doc).fragment()
            out.append((doc["key"][0], score, snippet))
        return out


def phrase_query(phrase: Sequence[str]) -> tantivy.Query | None:
    """The query for words in this order (None for no word). Built from terms, never parsed,
    so no character of the text can mean query syntax. Words the tokenizer does not index keep
    their place as a gap."""
    terms = [(i, w) for i, w in enumerate(phrase) if len(w.encode()) < _LONG_TOKEN]
    if not terms:
        return None
    if len(terms) == 1:
        return tantivy.Query.term_query(SCHEMA, "text", terms[0][1])
    return tantivy.Query.phrase_query(SCHEMA, "text", terms)


class CardWriter:
    """Adds cards to the graph's store (creating the store with the graph's first card).

    Thread-safe; use as a context manager, or call :meth:`close`: what was added is committed
    there (and every :data:`COMMIT_SECONDS`). A card added again replaces the stored one.
    """

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._index = tantivy.Index(SCHEMA, path=str(folder), reuse=True)
        self._index.reload()
        # A store that starts empty cannot hold a card to replace (a load writes each key once).
        self._replacing = self._index.searcher().num_docs > 0
        try:
            self._writer = self._index.writer(WRITER_HEAP, WRITER_THREADS)
        except ValueError as err:
            raise UsageError(f"the card store {folder} is being written by another load "
                             f"({err}); wait for it to finish") from None
        self._lock = threading.Lock()
        self._committed = time.monotonic()
        self.added = 0

    @classmethod
    def of(cls, graph: Graph) -> CardWriter:
        """A writer of the graph's store; records a new store in the graph when it has none."""
        return cls(writable_folder(graph))

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        """Add ``{key, text, truncated}`` rows."""
        with self._lock:
            for row in rows:
                if self._replacing:
                    self._writer.delete_documents_by_term("key", row["key"])
                self._writer.add_document(tantivy.Document(
                    key=row["key"], text=row["text"], truncated=bool(row["truncated"])))
                self.added += 1
            if time.monotonic() - self._committed > COMMIT_SECONDS:
                self._commit()

    def _commit(self) -> None:
        self._writer.commit()
        self._committed = time.monotonic()

    def close(self) -> None:
        """Commit, wait for the index's merges, and release the store."""
        with self._lock:
            if self._writer is None:
                return
            self._commit()
            self._writer.wait_merging_threads()
            self._writer = None

    def __enter__(self) -> CardWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def writable_folder(graph: Graph) -> Path:
    """The folder of the graph's store, recording a new store in the graph when it has none."""
    found = store_id(graph) or graph.run("cards/store_create", id=uuid.uuid4().hex)[0]["id"]
    return store_folder(graph, found)


def remove_store(graph: Graph) -> None:
    """Delete the graph's card store folder (before the graph itself is cleared)."""
    found = store_id(graph)
    if found is not None:
        folder = store_folder(graph, found)
        CardStore._open.pop(folder, None)
        shutil.rmtree(folder, ignore_errors=True)
