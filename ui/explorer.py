"""The one object both front ends ask: :class:`Explorer`.

Every command of the ``lineage`` command line and every page of the app asks an
:class:`Explorer` for what it shows (model facts, kin, trees, figures, search, reports, reviews,
analyses) and for what it does (loads, computes, exports): neither names a query nor calls the
rooms below for data (they take only vocabulary from them: kinds of kin, formats, measure
names), so the command line and the app cannot answer one question two ways.
What comes back is plain data and report objects; the front ends lay it out, and
:mod:`lineage.ui.render` turns reports into files, the same bytes for both.

It connects to the database the first time something needs it, so commands that never read the
graph (the local server's, the synthetic generator's) start at once; and each method imports the
part of the project it calls when called, so that a kin query or a lineage report does not wait
seconds for the analyses' scientific libraries to load.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from lineage.cypher import queries, schema
from lineage.cypher.client import AdhocResult, Graph
from lineage.errors import QueryError, UsageError
from lineage.settings import Settings

__all__ = ["Explorer"]

Say = Callable[[str], None]
#: Hears that a model id a caller gave is an id the model had before a rename: (old, new).
Renamed = Callable[[str, str], None]

#: Console queries that run at once in one process (the app's sessions share them); the others
#: wait for a slot, up to the query timeout.
CONSOLE_SLOTS = 2
_CONSOLE = threading.BoundedSemaphore(CONSOLE_SLOTS)


def _quiet(_: str) -> None:
    pass


def _unsaid(_old: str, _new: str) -> None:
    pass


class Explorer:
    """The lineage explorer over one database (``settings``: the environment's by default).

    Use it as a context manager, or call :meth:`close` when done::

        with Explorer() as explorer:
            rows, total = explorer.kin("deepseek-ai/DeepSeek-R1", "children")

    Every method that takes a model id also takes an id the model had before a repository
    rename, and answers for the model under its new id; ``on_renamed`` hears (old id, new id)
    once for each such id (the command line says it in one line).
    """

    def __init__(self, settings: Settings | None = None, *,
                 on_renamed: Renamed | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self._graph: Graph | None = None
        self._on_renamed = on_renamed or _unsaid
        self._renamed: set[str] = set()

    @classmethod
    def connect(cls, settings: Settings | None = None) -> Explorer:
        """An explorer already connected (a clear error now if the database cannot be
        reached)."""
        explorer = cls(settings)
        explorer.graph  # noqa: B018 (connects)
        return explorer

    @property
    def graph(self) -> Graph:
        """The connection, opened on first use."""
        if self._graph is None:
            self._graph = Graph.connect(self.settings)
        return self._graph

    @property
    def where(self) -> str:
        """The database's URI and name."""
        return f"{self.settings.uri}/{self.settings.database}"

    def close(self) -> None:
        if self._graph is not None:
            self._graph.close()
            self._graph = None

    def __enter__(self) -> Explorer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the local server and the schema ------------------------------------------------------

    def server(self, say: Say = _quiet):
        """The local Neo4j server of these settings (``lineage db``)."""
        from lineage.localneo4j.server import LocalServer

        return LocalServer(self.settings, say=say)

    def backup(self, path: Path, say: Say = _quiet):
        """Back the graph and its card texts up to the new folder ``path`` (the local server
        is stopped for the dump and started again)."""
        from lineage.localneo4j.backup import backup

        return backup(self._release_for_server(), path, say)

    def restore(self, path: Path, *, replace: bool = False, say: Say = _quiet):
        """Replace the graph and its card texts with the backup in ``path`` (refused over a
        graph that holds models unless ``replace``)."""
        from lineage.localneo4j.backup import restore

        return restore(self._release_for_server(), path, replace, say)

    def _release_for_server(self):
        """The local server, with this explorer's connection closed: the server is about to
        stop."""
        self.close()
        return self.server()

    def init_schema(self) -> tuple[int, int]:
        """Create what the queries need (idempotent); the schema version before and after."""
        return schema.apply(self.graph)

    def clear(self) -> None:
        """Delete every model, edge, card, snapshot and stored result (the schema stays)."""
        schema.clear(self.graph)

    # -- models ------------------------------------------------------------------------------

    def model(self, model_id: str) -> dict[str, Any]:
        """A model's properties (``ModelNotFound`` naming the closest ids when absent);
        ``renamed_from`` names the old id it was found by, ``removed`` says whether a complete
        listing lost it."""
        from lineage.analytics.reads.lookup import find_model

        found = find_model(self.graph, model_id)
        self._heard(found)
        return found

    def current_id(self, model_id: str) -> str:
        """The id to ask the graph with: ``model_id`` itself, or, when it is an id the model had
        before a rename, its id now (``on_renamed`` hears it). ``ModelNotFound`` naming the
        closest ids when neither."""
        found = self.model(model_id)
        return found["id"] if found.get("renamed_from") else model_id

    def _heard(self, found: dict[str, Any]) -> None:
        """Tell ``on_renamed`` (once per old id) that a model was found by an old id."""
        old = found.get("renamed_from")
        if old and old.lower() not in self._renamed:
            self._renamed.add(old.lower())
            self._on_renamed(old, found["id"])

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Models whose id contains ``text``, most downloaded first."""
        from lineage.analytics.reads.search import search_ids

        return search_ids(self.graph, text, limit)

    def search_cards(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Models whose card contains ``text`` as a phrase, best match first, with a snippet."""
        from lineage.analytics.reads.search import search_cards

        return search_cards(self.graph, text, limit=limit)

    def popular(self, limit: int) -> list[dict[str, Any]]:
        """Among the most downloaded models, those with the most children first."""
        from lineage.analytics.reads.search import popular

        return popular(self.graph, limit)

    # -- the graph at a glance ---------------------------------------------------------------

    def size(self) -> dict[str, Any]:
        """Models, placeholders, edges (in all and by relation) and whether any is synthetic."""
        from lineage.analytics.reads import stats

        return stats.size(self.graph)

    def freshness(self) -> dict[str, Any]:
        """The newest load and the newest finished computation."""
        from lineage.analytics.reads import stats

        return stats.freshness(self.graph)

    def stats(self, largest: int) -> dict[str, Any]:
        """The ecosystem at a glance from the stored measures (``lineage stats``)."""
        from lineage.analytics.reads import stats

        return stats.ecosystem(self.graph, largest)

    def topology(self, relations: Sequence[str] | None) -> dict[str, int]:
        """The paper's Table 1 over the edges of ``relations`` (all when None)."""
        from lineage.analytics.reads import stats

        return stats.topology(self.graph, relations)

    def family_size_counts(self) -> list[dict[str, int]]:
        from lineage.analytics.reads import stats

        return stats.family_size_counts(self.graph)

    def largest_families(self, limit: int) -> list[dict[str, Any]]:
        from lineage.analytics.reads import stats

        return stats.largest_families(self.graph, limit)

    def generations(self) -> list[dict[str, int]]:
        from lineage.analytics.reads import stats

        return stats.generations(self.graph)

    def disruption_bins(self, variant: str) -> list[dict[str, Any]]:
        from lineage.analytics.reads import stats

        return stats.disruption_bins(self.graph, variant)

    def disruption_extremes(self, variant: str, sign: int, support: int, limit: int
                            ) -> list[dict[str, Any]]:
        from lineage.analytics.reads import stats

        return stats.disruption_extremes(self.graph, variant, sign, support, limit)

    # -- what changed ------------------------------------------------------------------------

    def changes(self, *, since: str | None = None, until: str | None = None,
                family: str | None = None, kinds: Sequence[str] | None = None,
                limit: int | None = None, newest_first: bool = False
                ) -> list[dict[str, Any]]:
        """The changes loads recorded, oldest first, or the newest ``limit`` newest first
        (:func:`lineage.analytics.reads.changes.changes`): ``since``/``until`` a snapshot id or
        a date, ``family`` a model id."""
        from lineage.analytics.reads import changes

        self._check_window(since, until)
        return changes.changes(self.graph, since=since, until=until,
                               family=family and self.current_id(family), kinds=kinds,
                               limit=limit or changes.DEFAULT_LIMIT,
                               newest_first=newest_first)

    def change_summary(self, *, since: str | None = None, until: str | None = None,
                       family: str | None = None, kinds: Sequence[str] | None = None,
                       rules=None) -> dict[str, Any]:
        """What changed in a window, in a few tables (:func:`lineage.analytics.reads.changes.
        summary`): changes by kind, the families that grew most, licence changes, the
        governance flags now raised on the models that changed (``rules``: :meth:`rules`, or a
        licence-rules file over the built-in ones) and the loads in the window."""
        from lineage.analytics.governance.rules import Rules
        from lineage.analytics.reads import changes

        self._check_window(since, until)
        knowledge = rules if isinstance(rules, Rules) else self.rules(rules)
        return changes.summary(self.graph, since=since, until=until,
                               family=family and self.current_id(family), kinds=kinds,
                               rules=knowledge)

    def _check_window(self, since: str | None, until: str | None) -> None:
        """A usage error now, before any other read, when ``since`` or ``until`` names neither
        a date nor a load."""
        from lineage.analytics.reads.moments import moment

        for name, text in (("since", since), ("until", until)):
            if text:
                try:
                    moment(self.graph, text)
                except UsageError as err:
                    raise UsageError(f"--{name}: {err}") from None

    def history(self, model_id: str) -> list[dict[str, Any]]:
        """One model's recorded changes, oldest first."""
        from lineage.analytics.reads.changes import history

        return history(self.graph, self.current_id(model_id))

    # -- trees and kin -----------------------------------------------------------------------

    def family_tree(self, model_id: str, *, up: int = 3, down: int = 2, max_nodes: int = 150,
                    per_parent: int = 25, suggested: bool = False, history: bool = False):
        """The family tree around a model, bounded in depth and size (``suggested``: with the
        suggested parents of its models, apart from the declared edges; ``history``: with the
        ended edges of its models, apart from the current ones)."""
        from lineage.analytics.reads.trees import family_tree

        return family_tree(self.graph, self.current_id(model_id), up=up, down=down,
                           max_nodes=max_nodes, per_parent=per_parent, suggested=suggested,
                           history=history)

    def drawing_facts(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        """What a tree's drawing colours each model by, and when it was created."""
        from lineage.analytics.reads.trees import drawing_facts

        return drawing_facts(self.graph, keys)

    def children_by_relation(self, model_id: str) -> dict[str, int]:
        from lineage.analytics.reads.trees import children_by_relation

        return children_by_relation(self.graph, self.current_id(model_id))

    def kin(self, model_id: str, kind: str, relations: Iterable[str] | None = None,
            limit: int = 100, *, include_suggested: bool = False
            ) -> tuple[list[dict[str, Any]], int]:
        """One kind of kin of a model, most downloaded first, and how many in all
        (``include_suggested``: suggested parents count as lineage too)."""
        from lineage.analytics.reads.kin import kin

        return kin(self.graph, self.current_id(model_id), kind, relations, limit,
                   include_suggested)

    def kin_path(self, a: str, b: str, relations: Iterable[str] | None = None,
                 limit: int = 100, *, include_suggested: bool = False):
        """The shortest lineage paths between two models and their nearest common
        ancestors."""
        from lineage.analytics.reads.kin import kin_path

        return kin_path(self.graph, self.current_id(a), self.current_id(b), relations, limit,
                        include_suggested)

    # -- reports and reviews -----------------------------------------------------------------

    def rules(self, path: str | Path | None = None):
        """The licence knowledge and thresholds: the built-in ones, extended or overridden by
        the YAML file ``path``."""
        from lineage.analytics.governance.rules import load_rules

        return load_rules(path)

    def lineage_report(self, model_id: str, *, up: int | None = None, down: int = 2,
                       rules=None, made_at: dt.datetime | None = None,
                       include_suggested: bool = False):
        """One model's lineage report (``rules``: :meth:`rules`, or a licence-rules file over
        the built-in ones; ``include_suggested``: the ancestry walk follows suggested parents
        too)."""
        from lineage.analytics.governance.rules import Rules
        from lineage.analytics.reads.reports import lineage_report

        knowledge = rules if isinstance(rules, Rules) else self.rules(rules)
        return lineage_report(self.graph, self.current_id(model_id), up=up, down=down,
                              rules=knowledge, made_at=made_at,
                              include_suggested=include_suggested)

    def review(self, *, family_of: str | None = None, model_ids: Sequence[str] | None = None,
               everything: bool = False, rules=None) -> Iterator:
        """The governance flags of many models, streamed: the family of ``family_of``, the
        models ``model_ids``, or ``everything``."""
        from lineage.analytics.governance.rules import Rules
        from lineage.analytics.reads import review

        chosen = [x for x in (family_of, model_ids, everything or None) if x is not None]
        if len(chosen) != 1:
            raise UsageError("choose one of --family MODEL_ID, --models FILE or --all")
        knowledge = rules if isinstance(rules, Rules) else self.rules(rules)
        if everything:
            return review.review_all(self.graph, knowledge)
        if family_of is not None:
            return review.review_family(self.graph, self.current_id(family_of), knowledge)
        return review.review_models(self.graph, [self.current_id(i) for i in model_ids],
                                    knowledge)

    # -- undeclared lineage ------------------------------------------------------------------

    def infer(self, **options: Any):
        """Infer and store the suggested parents of the models that declare none
        (``lineage infer``); see :func:`lineage.analytics.jobs.infer.infer`."""
        from lineage.analytics.jobs.infer import infer

        schema.apply(self.graph)
        if options.get("family_of"):
            options["family_of"] = self.current_id(options["family_of"])
        return infer(self.graph, **options)

    def evaluate_inference(self, **options: Any):
        """Hide a share of the declared edges, infer, and measure what came back
        (``lineage infer --evaluate``); nothing is written."""
        from lineage.analytics.jobs.infer import evaluate

        return evaluate(self.graph, **options)

    def suggested_parents(self, model_id: str, min_confidence: float | None = None
                          ) -> list[dict[str, Any]]:
        """A model's stored suggested parents, best first, at or above ``min_confidence``
        (default: the confidence ``lineage infer`` stores at, what the Model page and the
        lineage report show)."""
        from lineage.analytics.reads.lookup import find_model
        from lineage.analytics.reads.suggested import DEFAULT_MIN_CONFIDENCE, suggested_parents

        key = find_model(self.graph, self.current_id(model_id))["key"]
        floor = DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence
        return suggested_parents(self.graph, [key], floor)

    # -- analyses ----------------------------------------------------------------------------

    def analyze(self, name: str, *, relations: Sequence[str] | None = None,
                family_model: str | None = None, seed: int = 0,
                traits: Sequence[str] | None = None, truth: Path | None = None,
                preset: str | None = None, progress: Say = _quiet):
        """Run the analysis ``name`` and store its result; ``all`` adds the replication
        report, set beside the planted truth of a synthetic file when ``truth`` is given;
        ``preset``: the published version drift follows (default: the paper's)."""
        from lineage.analytics.jobs import analyses
        from lineage.analytics.replication.figures import figures
        from lineage.loader.synthetic.truth import read_truth

        preset = preset or analyses.DEFAULT_DRIFT_PRESET
        self.check_analysis(name, relations, seed, traits, preset)
        planted = read_truth(truth) if truth else None
        result = analyses.run(self.graph, name, relations=relations,
                              family_model=family_model and self.current_id(family_model),
                              seed=seed, traits=traits, preset=preset, progress=progress)
        if name == "all":
            result.tables["replication"] = [f.as_row() for f in figures(result.tables, planted)]
        analyses.store(self.graph, result)
        return result

    def check_analysis(self, name: str, relations: Sequence[str] | None, seed: int,
                       traits: Sequence[str] | None, preset: str | None = None) -> None:
        """A usage error when the analysis, a relation, a trait or the preset is unknown."""
        from lineage.analytics.jobs import analyses

        analyses.check_name(name)
        analyses.parameters(name, relations, None, seed, traits,
                            preset or analyses.DEFAULT_DRIFT_PRESET)

    def stored_analysis(self, name: str) -> dict[str, Any] | None:
        """The newest stored result of an analysis: ``computed_at`` and ``result`` (its JSON
        text), or None."""
        from lineage.analytics.jobs.analyses import stored

        return stored(self.graph, name)

    # -- named queries and Cypher ------------------------------------------------------------

    def named_queries(self) -> list[queries.NamedQuery]:
        """Every named query, with its purpose, parameters and columns."""
        return list(queries.catalogue().values())

    def example_queries(self) -> dict[str, queries.NamedQuery]:
        """The named read queries, offered as examples in the console (the id search first)."""
        return queries.examples()

    def named_query(self, name: str) -> queries.NamedQuery:
        """One named query (a usage error listing the known names otherwise)."""
        return queries.get(name)

    def run_query(self, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """The rows of the named read query ``name``."""
        if self.named_query(name).access != "read":
            raise UsageError(f"{name} writes to the graph; only read queries run from here")
        return self.graph.run(name, **params)

    def cypher(self, text: str, params: dict[str, Any] | None = None,
               max_rows: int | None = None) -> AdhocResult:
        """A query a user typed: run only when it just reads the graph
        (:mod:`lineage.cypher.guard`), timed out, row- and byte-capped, and at most
        :data:`CONSOLE_SLOTS` at a time in this process (the app's sessions share it), so a
        crowd of heavy console queries leaves the server to answer everyone else."""
        timeout = self.settings.query_timeout
        if not _CONSOLE.acquire(timeout=timeout):
            raise QueryError(f"the console is busy: {CONSOLE_SLOTS} queries have run for "
                             f"{timeout:g} s; try again shortly")
        try:
            return self.graph.adhoc(text, params, max_rows)
        finally:
            _CONSOLE.release()

    # -- writing the graph -------------------------------------------------------------------

    def load_files(self, paths: Sequence[Path], **options: Any):
        """Load files of any supported format (:func:`lineage.loader.files.load_files`;
        ``complete=True``: the files hold every model of their world, and models they lack are
        marked removed)."""
        from lineage.loader.files import load_files

        schema.apply(self.graph)
        return load_files(self.graph, list(paths), **options)

    def load_synthetic(self, models: int, seed: int, **options: Any):
        """Generate a synthetic ecosystem and load it as real data loads."""
        from lineage.loader.synthetic import load_synthetic

        schema.apply(self.graph)
        return load_synthetic(self.graph, models, seed, **options)

    def hub_crawl(self, *, family: str | None, everything: bool, depth: int,
                  max_models: int | None, cards: bool, concurrency: int, retries: int,
                  since: str | None = None, say: Say = _quiet):
        """A crawl of the live Hub: one family, or every model; with ``since`` (every model
        only), the models modified since that moment: a snapshot id, a date, or ``last`` for
        the start of the newest complete Hub load. Says the boundary it resolved to."""
        from lineage.analytics.reads.moments import moment
        from lineage.loader.hub.api import HubAPI
        from lineage.loader.hub.crawler import FamilyCrawl, HubCrawl

        if bool(family) == everything:
            raise UsageError("name a family root with --family MODEL_ID, or crawl --all")
        if since is not None and not everything:
            raise UsageError("--since refreshes a crawl of every model: use it with --all")
        boundary = None
        if since is not None:
            # Resolved before any request to the Hub, so a bad value costs nothing.
            last = since.strip().lower() == "last"
            boundary = moment(self.graph, None if last else since, default_kind="hub")
            named = ("the start of the newest complete Hub load" if last
                     else f"--since {since.strip()}")
            say(f"Reading the models modified since {boundary.isoformat()} ({named})")
        api = HubAPI(retries=retries, say=say)
        if family:
            return FamilyCrawl(api, family, depth=depth, max_models=max_models or 10_000,
                               cards=cards, concurrency=concurrency, say=say)
        return HubCrawl(api, max_models=max_models, cards=cards, concurrency=concurrency,
                        say=say, since=boundary)

    def load_hub(self, crawl, *, restart: bool, **options: Any):
        """Run a Hub crawl into the graph, resuming from its checkpoint unless ``restart``."""
        from lineage.loader.hub.checkpoint import Checkpoint
        from lineage.loader.hub.crawler import load_hub

        checkpoint = Checkpoint.for_crawl(self.settings.home, crawl.api.endpoint, crawl.name)
        schema.apply(self.graph)
        return load_hub(self.graph, crawl, checkpoint=checkpoint, restart=restart, **options)

    def dataset_files(self, repo_id: str, revision: str | None) -> list[Path]:
        """The published dataset's files, fetched into the Hugging Face cache."""
        from lineage.loader.hub.datasetfiles import fetch_dataset

        return fetch_dataset(repo_id, revision=revision)

    def check_import(self, replace: bool) -> None:
        """Refuse, with the fix, an offline import while the server runs, or over an existing
        database without ``replace``."""
        from lineage.loader.offline import check_ready

        check_ready(self.server(), replace)

    def import_files(self, paths: Sequence[Path], *, replace: bool, say: Say = _quiet,
                     **options: Any):
        """The offline first load (``lineage db import``): the server must be stopped."""
        from lineage.loader.offline import import_files

        return import_files(self.server(say), list(paths), replace=replace, say=say, **options)

    def compute(self, window_days: int = 90, only: Sequence[str] | None = None, **options: Any):
        """Store the graph measures on every model (``lineage compute``)."""
        from lineage.analytics.jobs.compute import compute

        schema.apply(self.graph)
        return compute(self.graph, window_days, only, **options)

    def default_rejects_path(self) -> Path:
        """Where a load's rejects go unless told: ``$LINEAGE_HOME/rejects/<time>.jsonl``."""
        return self.settings.home / "rejects" / f"{dt.datetime.now():%Y%m%dT%H%M%S}.jsonl"

    # -- files out ---------------------------------------------------------------------------

    def model_count(self) -> int:
        from lineage.loader.jsonlexport import model_count

        return model_count(self.graph)

    def export_jsonl(self, path: Path, **options: Any):
        """Every model as a JSONL snapshot that a load reads back as the same graph."""
        from lineage.loader.jsonlexport import export_jsonl

        return export_jsonl(self.graph, path, **options)

    def graph_frames(self, properties: Sequence[str], family_of: str | None = None, *,
                     include_suggested: bool = False):
        """The models and lineage edges of the graph, or of one model's family, as frames
        (``include_suggested``: the suggested edges too, with their relation and
        confidence)."""
        from lineage.analytics.reads.frames import graph_frames

        return graph_frames(self.graph, properties, family_of and self.current_id(family_of),
                            include_suggested)

    # -- the synthetic generator (no database) -----------------------------------------------

    def generate(self, path: Path, models: int, seed: int, **options: Any):
        """Write a synthetic ecosystem file and its planted truth."""
        from lineage.loader.synthetic import generate

        return generate(path, models, seed, **options)

    def calibration(self, path: Path):
        """The calibration report of an ecosystem file: its figures beside the published."""
        from lineage.loader.synthetic import calibration

        return calibration.report_file(path)
