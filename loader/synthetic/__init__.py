"""A seeded generator of a whole synthetic model ecosystem, calibrated on the published Hub.

:func:`generate` writes a file in the published dataset's schema (CSV or Parquet), so it loads
through exactly the path real data takes, and its planted truth beside it. The same seed gives
the same bytes. The modules, in the order they run:

* :mod:`.recipe` - every knob, and what the base models must do to reach the published totals;
* :mod:`.structure` - the lineage: families, relations, merges, chains, planted defects;
* :mod:`.traits` - licences, languages, tasks, libraries passed down with directed drift;
* :mod:`.names`, :mod:`.timeline`, :mod:`.recognition` - ids, creation times, likes and
  downloads with the race to release;
* :mod:`.cards`, :mod:`.text` - model cards;
* :mod:`.writer`, :mod:`.truth` - the file and its truth;
* :mod:`.frames`, :mod:`.calibration` - reading a file back and comparing it with the
  published figures.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from lineage.cypher.client import Graph
from lineage.loader.files import load_files
from lineage.loader.ingest import DEFAULT_BATCH_SIZE, LoadSummary
from lineage.loader.synthetic import (
    growth,
    inheritance,
    modelcards,
    popularity,
    timeline,
    truth,
)
from lineage.loader.synthetic.names import Names
from lineage.loader.synthetic.recipe import Recipe
from lineage.loader.synthetic.writer import CHUNK_ROWS, Ecosystem, file_format, write


@dataclasses.dataclass(frozen=True)
class Generated:
    """What :func:`generate` wrote."""

    path: Path
    truth_path: Path
    models: int
    seed: int
    truth: dict


def draw(models: int, seed: int) -> tuple[Ecosystem, Recipe]:
    """Draw a whole ecosystem of ``models`` models (everything but the text) from ``seed``."""
    recipe = Recipe(models)
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(7)]
    lineage = growth.grow(recipe, rngs[0])
    trait_values = inheritance.inherit(lineage, recipe.hubs, rngs[1])
    # Models merge with models of their own library and task, and the edges planted after
    # the traits never move a trait up its planted drift ordering.
    library = trait_values.library.astype(np.int64)

    def refused(parents: np.ndarray, children: np.ndarray) -> np.ndarray:
        return inheritance.against_drift(trait_values, parents, children)

    growth.plant_merges(recipe, rngs[0], lineage,
                           [library * 1024 + trait_values.task, library], refused)
    growth.plant_defects(recipe, rngs[0], lineage, inheritance.kind(trait_values), refused)
    names = Names(lineage, rngs[2])
    created = timeline.created_at(lineage, recipe.hubs, rngs[3])
    recog = popularity.recognise(lineage, created, rngs[4], tiebreak=names.key_order())
    card_plan = modelcards.plan(lineage, rngs[5])
    order = rngs[6].permutation(np.flatnonzero(~lineage.missing))
    ecosystem = Ecosystem(lineage, trait_values, names, created, recog, card_plan,
                          modelcards.CardText(card_plan, seed), order)
    return ecosystem, recipe


def generate(path: Path, models: int, seed: int, chunk_rows: int = CHUNK_ROWS,
             on_rows: Callable[[int], None] | None = None, with_cards: bool = True
             ) -> Generated:
    """Write an ecosystem of ``models`` models to ``path`` (``.csv`` or ``.parquet``) and its
    truth to ``<path>.truth.json``. The file appears only once it is complete. Without
    ``with_cards`` the file is the published dataset's variant without ``modelCard``."""
    path = Path(path)
    file_format(path)
    ecosystem, recipe = draw(models, seed)
    partial = path.with_name(f".{path.name}.partial{path.suffix}")
    try:
        write(ecosystem, partial, chunk_rows, on_rows, with_cards)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    description = truth.describe(ecosystem, recipe, seed, path, inheritance.TraitRules(),
                                 modelcards.CardRules(), popularity.RaceToRelease())
    return Generated(path, truth.write_truth(description, path), models, seed, description)


def load_synthetic(graph: Graph, models: int, seed: int, *, rejects_path: Path,
                   keep: Path | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                   on_generated: Callable[[int], None] | None = None,
                   on_rows: Callable[[int], None] | None = None,
                   on_bytes: Callable[[int], None] | None = None,
                   on_phase: Callable[[str], None] | None = None
                   ) -> tuple[LoadSummary, Generated]:
    """Generate an ecosystem and load it through the dataset reader, as real data loads: every
    model is marked synthetic and the snapshot is of kind ``synthetic``. The file is written to
    ``keep`` (``.csv`` or ``.parquet``) when given, else to a temporary file removed after."""
    with tempfile.TemporaryDirectory(prefix="lineage-synthetic-") as folder:
        path = keep or Path(folder) / f"synthetic-{models}-{seed}.parquet"
        generated = generate(path, models, seed, on_rows=on_generated)
        summary = load_files(graph, [path], rejects_path=rejects_path, fmt="dataset",
                             batch_size=batch_size, on_rows=on_rows, on_bytes=on_bytes,
                             on_phase=on_phase, kind="synthetic", synthetic=True,
                             source=f"synthetic: models={models} seed={seed}")
    return summary, generated
