"""Write a synthetic ecosystem in the published dataset's schema, CSV or Parquet, in chunks.

Columns, in order: :data:`COLUMNS`. List columns are Python-list literal strings
(``"['apache-2.0']"``, ``"[]"``); ``languages`` holds ISO 639-3 reference names; ``tags`` holds
what the Hub's tags hold (language codes, ``license:``, ``dataset:``, ``arxiv:``, and for every
parent ``base_model:<parent>`` plus ``base_model:<relation>:<parent>`` when the relation is
stated). ``parent_model`` lists every declared parent; the four typed columns list the parents
declared with that relation. A last column beyond the published ones, ``synthetic``, is true in
every row: whatever name the file is given and whichever loader reads it, its models are marked
synthetic (real files have no such column). Each chunk of rows is built column by column with
Arrow compute and written at once, so memory holds one chunk of text at a time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from lineage.errors import UsageError

# The published dataset's columns, in order, and the marker column of generated files.
from lineage.loader.formats.dataset import COLUMNS, MARKER
from lineage.loader.synthetic import vocab
from lineage.loader.synthetic.growth import Lineage
from lineage.loader.synthetic.inheritance import NONE, Traits
from lineage.loader.synthetic.modelcards import CardFacts, CardPlan, CardText
from lineage.loader.synthetic.names import Names, word
from lineage.loader.synthetic.popularity import Recognition
from lineage.loader.synthetic.recipe import AD, FT, ME, QU, UN
from lineage.loader.synthetic.timeline import iso

TYPED_COLUMNS = ((FT, "finetune_parent"), (QU, "quantized_parent"), (AD, "adapter_parent"),
                 (ME, "merge_parent"))
#: The relation words of Hub tags, by relation index (none for an unstated relation).
TAG_WORDS = pa.array(["finetune", "adapter", "quantized", "merge", None], pa.string())
CHUNK_ROWS = 10_000
FORMATS = {".csv": "csv", ".parquet": "parquet"}


def file_format(path: Path) -> str:
    """``csv`` or ``parquet``, from the file's extension."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(f"{path}: name the output .csv or .parquet (the format follows the "
                         "extension)")
    return fmt


def columns_written(with_cards: bool) -> tuple[str, ...]:
    """The file's columns: the published dataset's (its card variant has ``modelCard``), then
    the synthetic marker."""
    return (*(COLUMNS if with_cards else COLUMNS[:-1]), MARKER)


def schema(fmt: str, with_cards: bool = True) -> pa.Schema:
    text = [pa.field(name, pa.string()) for name in COLUMNS]
    fields = {f.name: f for f in text}
    # The published CSV spells booleans as Python does.
    boolean = pa.bool_() if fmt == "parquet" else pa.string()
    fields.update(likes=pa.field("likes", pa.int64()),
                  trendingScore=pa.field("trendingScore", pa.int64()),
                  downloads=pa.field("downloads", pa.int64()),
                  private=pa.field("private", boolean), **{MARKER: pa.field(MARKER, boolean)})
    return pa.schema([fields[name] for name in columns_written(with_cards)])


@dataclasses.dataclass
class Ecosystem:
    """Everything drawn for one synthetic ecosystem, ready to be written."""

    lineage: Lineage
    traits: Traits
    names: Names
    created: np.ndarray
    recognition: Recognition
    cards: CardPlan
    card_text: CardText
    order: np.ndarray  # the nodes written, in file order


def write(ecosystem: Ecosystem, path: Path, chunk_rows: int = CHUNK_ROWS,
          on_rows: Callable[[int], None] | None = None, with_cards: bool = True) -> None:
    """Write the ecosystem to ``path`` (the format follows the extension); without
    ``with_cards``, as the published dataset's variant without the ``modelCard`` column."""
    fmt = file_format(path)
    table_schema = schema(fmt, with_cards)
    columns = _Columns(ecosystem, fmt, with_cards)
    writer = (pq.ParquetWriter(path, table_schema, compression="zstd") if fmt == "parquet"
              else pa_csv.CSVWriter(path, table_schema))
    try:
        for start in range(0, len(ecosystem.order), chunk_rows):
            nodes = ecosystem.order[start:start + chunk_rows]
            writer.write_table(pa.table(columns.chunk(nodes), schema=table_schema))
            if on_rows:
                on_rows(len(nodes))
    finally:
        writer.close()


class _Columns:
    """Builds the columns of a chunk of rows."""

    def __init__(self, ecosystem: Ecosystem, fmt: str, with_cards: bool = True) -> None:
        self.eco = ecosystem
        self.fmt = fmt
        self.with_cards = with_cards
        self.extra_start, self.extra_count = ecosystem.lineage.extra_ranges()
        licenses, tasks, libraries = vocab.licenses(), vocab.tasks(), vocab.libraries()
        # Per value (index + 1; 0 is "none"): its tag fragment and its column text.
        self.license_tag = _with_none([f"'license:{v}'" for v in licenses.names])
        self.license_literal = pa.array(["[]"] + [f"['{v}']" for v in licenses.names])
        self.license_name = _with_none(list(licenses.names))
        self.task = _with_none(list(tasks.names))
        self.task_tag = _with_none([f"'{v}'" for v in tasks.names])
        self.library = _with_none(list(libraries.names))
        self.library_tag = _with_none([f"'{v}'" for v in libraries.names])
        codes, names = vocab.languages().names, vocab.language_names()
        sets = ecosystem.traits.language_sets
        self.language_codes = [[codes[i] for i in s] for s in sets]
        self.language_tag = pa.array([", ".join(f"'{codes[i]}'" for i in s) or None
                                      for s in sets], pa.string())
        self.language_literal = pa.array(
            ["[" + ", ".join(f"'{names[i]}'" for i in s) + "]" for s in sets])

    def chunk(self, nodes: np.ndarray) -> dict[str, pa.Array]:
        eco = self.eco
        traits, recog = eco.traits, eco.recognition
        n = len(nodes)
        ids = eco.names.ids(nodes)
        entries = self._parent_entries(nodes)
        parent_ids = eco.names.ids(entries.parent) if len(entries.parent) else pa.array(
            [], pa.string())
        quoted = pc.binary_join_element_wise("'", parent_ids, "'", "")
        columns: dict[str, pa.Array] = {
            "model_id": ids,
            "likes": pa.array(recog.likes[nodes]),
            "trendingScore": pa.array(recog.trending[nodes]),
            "private": self._booleans(False, n),
            "downloads": pa.array(recog.downloads[nodes]),
        }
        license_ix = pa.array(traits.license[nodes].astype(np.int64) + 1)
        task_ix = pa.array(traits.task[nodes].astype(np.int64) + 1)
        library_ix = pa.array(traits.library[nodes].astype(np.int64) + 1)
        language_ix = pa.array(traits.language[nodes])
        datasets = _bundles(traits.datasets[nodes], _dataset_names)
        arxiv = _bundles(traits.arxiv[nodes], _arxiv_ids)
        base_tags = pc.binary_join_element_wise("'base_model:", parent_ids, "'", "")
        typed_word = pc.take(TAG_WORDS, pa.array(entries.relation.astype(np.int64)))
        typed_tags = pc.binary_join_element_wise("'base_model:", typed_word, ":", parent_ids,
                                                 "'", "")
        lineage_tags = pc.binary_join_element_wise(base_tags, typed_tags, ", ",
                                                   null_handling="skip")
        tags = pc.binary_join_element_wise(
            pc.take(self.language_tag, language_ix), pc.take(self.license_tag, license_ix),
            _prefixed(datasets, "dataset:"), _prefixed(arxiv, "arxiv:"),
            _joined(lineage_tags, entries.row, n, empty=None),
            pc.take(self.task_tag, task_ix), pc.take(self.library_tag, library_ix),
            "'region:us'", ", ", null_handling="skip")
        columns.update({
            "tags": pc.binary_join_element_wise("[", tags, "]", ""),
            "pipeline_tag": pc.take(self.task, task_ix),
            "library_name": pc.take(self.library, library_ix),
            "createdAt": iso(eco.created[nodes]),
            "regions": pa.array(["['us']"] * n),
            "licenses": pc.take(self.license_literal, license_ix),
            "arxiv_papers": _literal_lists(arxiv),
            "datasets": _literal_lists(datasets),
            "parent_model": _joined(quoted, entries.row, n),
        })
        for relation, name in TYPED_COLUMNS:
            keep = entries.relation == relation
            columns[name] = _joined(quoted.filter(pa.array(keep)), entries.row[keep], n)
        columns["languages"] = pc.take(self.language_literal, language_ix)
        if self.with_cards:
            columns["modelCard"] = self._cards(nodes, ids, entries, parent_ids, datasets)
        columns[MARKER] = self._booleans(True, n)
        return columns

    def _booleans(self, value: bool, rows: int) -> pa.Array:
        return (pa.array(np.full(rows, value)) if self.fmt == "parquet"
                else pa.array([str(value)] * rows))

    def _parent_entries(self, nodes: np.ndarray) -> _Entries:
        """Every parent each row declares, row by row, the primary parent first."""
        lineage = self.eco.lineage
        rows = np.arange(len(nodes))
        primary = lineage.parent[nodes] >= 0
        starts, counts = self.extra_start[nodes], self.extra_count[nodes]
        extra_rows = np.repeat(rows, counts)
        offsets = np.cumsum(counts) - counts
        extra_index = np.repeat(starts - offsets, counts) + np.arange(int(counts.sum()))
        selfish = lineage.self_reference[nodes]
        row = np.concatenate([rows[primary], extra_rows, rows[selfish]])
        parent = np.concatenate([lineage.parent[nodes][primary],
                                 lineage.extra_parent[extra_index], nodes[selfish]])
        relation = np.concatenate([lineage.relation[nodes][primary],
                                   lineage.extra_relation[extra_index],
                                   np.full(int(selfish.sum()), UN, np.int8)])
        order = np.argsort(row, kind="stable")
        return _Entries(row[order], parent[order].astype(np.int64), relation[order])

    def _cards(self, nodes, ids, entries, parent_ids, datasets) -> pa.Array:
        eco = self.eco
        kinds = eco.cards.kind[nodes]
        texts = [""] * len(nodes)
        if not kinds.any():
            return pa.array(texts, pa.string())
        traits = eco.traits
        id_list = ids.to_pylist()
        parents_of: list[list[str]] = [[] for _ in nodes]
        # Cards name the parents the model really has, not a parent it names by mistake.
        for row, pid, parent in zip(entries.row.tolist(), parent_ids.to_pylist(),
                                    entries.parent.tolist()):
            if parent != nodes[row]:
                parents_of[row].append(pid)
        licenses, tasks, libraries = (vocab.licenses().names, vocab.tasks().names,
                                      vocab.libraries().names)
        dataset_lists = datasets.to_pylist()
        for row in np.flatnonzero(kinds).tolist():
            node = int(nodes[row])
            license_ix, task_ix, library_ix = (int(traits.license[node]),
                                               int(traits.task[node]),
                                               int(traits.library[node]))
            facts = CardFacts(
                model_id=id_list[row], parents=parents_of[row],
                relation=int(eco.lineage.relation[node]),
                license=licenses[license_ix] if license_ix != NONE else None,
                languages=self.language_codes[int(traits.language[node])],
                task=tasks[task_ix] if task_ix != NONE else None,
                library=libraries[library_ix] if library_ix != NONE else None,
                datasets=dataset_lists[row] or [])
            texts[row] = eco.card_text.render(node, int(eco.lineage.parent[node]), facts)
        return pa.array(texts, pa.string())


@dataclasses.dataclass
class _Entries:
    row: np.ndarray
    parent: np.ndarray
    relation: np.ndarray


def _with_none(values: list[str]) -> pa.Array:
    return pa.array([None] + values, pa.string())


def _joined(fragments: pa.Array, row: np.ndarray, rows: int, empty: str | None = "[]"
            ) -> pa.Array:
    """Per row, its fragments joined by ``", "`` inside brackets (``"[]"`` for none); with
    ``empty=None``, the bare joined text and null for rows without fragments."""
    counts = np.bincount(row, minlength=rows)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    joined = pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), fragments), ", ")
    if empty is None:
        return pc.if_else(pa.array(counts > 0), joined, pa.scalar(None, pa.string()))
    return pc.binary_join_element_wise("[", joined, "]", "")


def _bundles(bundle_ids: np.ndarray, expand: Callable[[np.ndarray], list[list[str]]]
             ) -> pa.Array:
    """A list of strings per row from its bundle id (0: none)."""
    unique, inverse = np.unique(bundle_ids, return_inverse=True)
    lists = pa.array(expand(unique), pa.list_(pa.string()))
    return pc.take(lists, pa.array(inverse))


def _dataset_names(bundles: np.ndarray) -> list[list[str]]:
    """``synthetic-data/<word>`` datasets: one to three per bundle (none for bundle 0)."""
    counts = np.where(bundles > 0, 1 + (bundles % 4 == 0) + (bundles % 9 == 0), 0)
    keys = np.repeat(bundles, counts) * 3 + (np.arange(counts.sum())
                                             - np.repeat(np.cumsum(counts) - counts, counts))
    words = word(keys, 4).to_pylist()
    out, k = [], 0
    for count in counts.tolist():
        out.append([f"synthetic-data/{w}" for w in words[k:k + count]])
        k += count
    return out


def _arxiv_ids(bundles: np.ndarray) -> list[list[str]]:
    """arXiv-style ids, one per bundle (none for bundle 0)."""
    return [[] if b == 0 else [f"2{2 + b % 4}{(b // 4) % 12 + 1:02d}."
                               f"{(b * 7919) % 90_000 + 10_000:05d}"]
            for b in bundles.tolist()]


def _prefixed(lists: pa.Array, prefix: str) -> pa.Array:
    """``'<prefix><item>', ...`` per row; null for an empty list."""
    flat = pc.list_flatten(lists)
    quoted = pc.binary_join_element_wise(f"'{prefix}", flat, "'", "")
    offsets = lists.offsets
    joined = pc.binary_join(pa.ListArray.from_arrays(offsets, quoted), ", ")
    return pc.if_else(pc.greater(pc.list_value_length(lists), 0), joined,
                      pa.scalar(None, pa.string()))


def _literal_lists(lists: pa.Array) -> pa.Array:
    """A Python-list literal per row."""
    flat = pc.list_flatten(lists)
    quoted = pc.binary_join_element_wise("'", flat, "'", "")
    joined = pc.binary_join(pa.ListArray.from_arrays(lists.offsets, quoted), ", ")
    return pc.binary_join_element_wise("[", joined, "]", "")

