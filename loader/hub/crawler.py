"""Crawl the live Hub into the graph: one family, or every model, resumable.

A family crawl reads the root (``/api/models/<id>``), then its declared ancestors up to
``depth`` generations, then its descendants generation by generation down to ``depth``: the
children of a model are the models tagged ``base_model:<id>``. The Hub gives every child that
tag beside the typed one (``base_model:<relation>:<id>``), so one listing per parent finds the
children of every relation, which is then read from each child's own tags (four listings, one
per relation, would cost four times the requests for the same models). A whole-Hub crawl pages
through ``/api/models``; given ``since``, it asks for the listing newest modification first and
stops at the first model last modified before then (an incremental refresh). Both stop at
``max_models``.

Every model object goes through the same reader as the JSONL snapshots, so the lineage rules are
the same as for every other source. Crawls run as a sequence of steps (a model, a page of
children); after a step is written to the graph the crawl's state can be saved, and a crawl
started with that state goes on from there.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Iterator
from typing import Any

from lineage.cypher.client import Graph
from lineage.errors import LineageError, UsageError
from lineage.ids import model_key
from lineage.loader.formats.jsonl import model_items
from lineage.loader.hub.api import HubAPI, Page
from lineage.loader.hub.checkpoint import Checkpoint
from lineage.loader.hubinfo import parse_datetime
from lineage.loader.ingest import DEFAULT_BATCH_SIZE, Edge, Ingest, LoadSummary
from lineage.loader.records import ModelRecord, Reject

Item = ModelRecord | Edge | Reject


@dataclasses.dataclass
class Step:
    """What one step of a crawl read, and the crawl's state once it is written."""

    items: list[Item]
    state: Callable[[], dict[str, Any]]


class ModelReader:
    """Turns model objects from the API into records, fetching their cards concurrently."""

    def __init__(self, api: HubAPI, cards: bool, concurrency: int) -> None:
        self.api = api
        self.cards = cards
        self._pool = (concurrent.futures.ThreadPoolExecutor(concurrency, "hub-card")
                      if cards else None)

    def close(self) -> None:
        if self._pool:
            self._pool.shutdown(cancel_futures=True)

    def read(self, objects: list[Any], positions: list[str]) -> list[Item]:
        ids = [o.get("id") or o.get("modelId") if isinstance(o, dict) else None for o in objects]
        texts = (list(self._pool.map(self._card, ids)) if self._pool
                 else [(None, False, None)] * len(objects))
        items: list[Item] = []
        for value, position, (text, known, problem) in zip(objects, positions, texts):
            if not isinstance(value, dict):
                items.append(Reject(position, "not a model object", value))
                continue
            if problem:
                items.append(Reject(position, f"card not read: {problem}", value.get("id"),
                                    value.get("id"), kind="card"))
            items += model_items(value, position, card=text, card_known=known)
        return items

    def _card(self, model_id: Any) -> tuple[str | None, bool, str | None]:
        if not isinstance(model_id, str) or not model_id.strip():
            return None, False, None
        try:
            return self.api.readme(model_id.strip()), True, None
        except LineageError as err:
            return None, False, str(err)


class FamilyCrawl:
    """The family of ``root``: its ancestors and its descendants, ``depth`` generations each
    way, at most ``max_models`` models."""

    def __init__(self, api: HubAPI, root: str, *, depth: int, max_models: int,
                 cards: bool = False, concurrency: int = 8,
                 say: Callable[[str], None] | None = None) -> None:
        self.api = api
        self.root = root.strip()
        self.depth = depth
        self.max_models = max_models
        self.reader = ModelReader(api, cards, concurrency)
        self.say = say or (lambda text: None)
        self.name = f"family-{self.root}"
        self.source = f"{api.endpoint} family of {self.root} (depth {depth})"

    @property
    def complete(self) -> bool:
        """Never: a family is a part of the Hub, so what it does not reach is not gone."""
        return False

    def steps(self, state: dict[str, Any] | None) -> Iterator[Step]:
        # Append-only lists with a read position: a step's state is a few lengths, taken in O(1)
        # at each step and written out only when the caller saves it.
        state = state or {}
        seen: list[str] = list(state.get("seen", []))
        known = set(seen)
        up: list[list[Any]] = list(state.get("up", []))
        down: list[list[Any]] = list(state.get("down", []))
        heads = {"up": 0, "down": 0}
        listing: dict[str, Any] | None = state.get("listing")

        def snapshot() -> Callable[[], dict[str, Any]]:
            marks = (len(seen), len(up), heads["up"], len(down), heads["down"],
                     dict(listing) if listing else None)

            def materialise() -> dict[str, Any]:
                n_seen, n_up, up_head, n_down, down_head, current = marks
                return {"mode": "family", "root": self.root, "count": n_seen,
                        "seen": seen[:n_seen], "up": up[up_head:n_up],
                        "down": down[down_head:n_down], "listing": current}
            return materialise

        def add(record: ModelRecord) -> bool:
            if record.key in known:
                return False
            known.add(record.key)
            seen.append(record.key)
            return True

        if not seen:
            info = self.api.model(self.root)
            if info is None:
                raise UsageError(f"the Hub at {self.api.endpoint} has no model {self.root!r}: "
                                 "check the id (owner/name)")
            items = self.reader.read([info], [f"hub:model {self.root}"])
            for record in _records(items):
                add(record)
                up += [[p.id, 1] for p in record.parents]
                down.append([record.id, 0])
            yield Step(items, snapshot())

        while heads["up"] < len(up) and len(seen) < self.max_models:
            parent, level = up[heads["up"]]
            heads["up"] += 1
            if model_key(parent) in known:
                continue
            # A parent the Hub does not have stays what the child's edge made it: a placeholder.
            info = self.api.model(parent)
            items = self.reader.read([info], [f"hub:model {parent}"]) if info else []
            for record in _records(items):
                if add(record) and level < self.depth:
                    up += [[p.id, level + 1] for p in record.parents]
            yield Step(items, snapshot())

        while (listing or heads["down"] < len(down)) and len(seen) < self.max_models:
            if listing is None:
                parent, generation = down[heads["down"]]
                heads["down"] += 1
                if generation >= self.depth:
                    continue
                listing = {"parent": parent, "generation": generation, "page": 1,
                           "url": self.api.listing_url([f"base_model:{parent}"])}
            where = f"hub:children of {listing['parent']}"
            for page in self.api.pages(listing["url"], listing["page"]):
                items = _page_items(self.reader, page, where)
                kept: list[Item] = []
                for item in items:
                    if isinstance(item, ModelRecord):
                        if len(seen) >= self.max_models or not add(item):
                            continue
                        down.append([item.id, listing["generation"] + 1])
                    kept.append(item)
                listing = (dict(listing, url=page.next_url, page=page.number + 1)
                           if page.next_url else None)
                yield Step(kept, snapshot())
                if listing is None or len(seen) >= self.max_models:
                    break
        if len(seen) >= self.max_models:
            left = len(down) - heads["down"] + len(up) - heads["up"] + (listing is not None)
            self.say(f"Stopped at --max-models {self.max_models:,}; {left:,} models still had "
                     "relatives to explore")


class HubCrawl:
    """Every model on the Hub, page by page, at most ``max_models``.

    With ``since`` (a timezone-aware moment; a naive one is taken as UTC) only the models
    modified since then: the listing is asked sorted by ``lastModified``, newest first, and the
    first model last modified before ``since`` ends the crawl, as does one without a readable
    ``lastModified`` (the Hub lists those last). Its checkpoint is its own (``name`` carries the
    moment), so it never takes up the state of a crawl of every model.
    """

    def __init__(self, api: HubAPI, *, max_models: int | None = None, cards: bool = False,
                 concurrency: int = 8, say: Callable[[str], None] | None = None,
                 since: dt.datetime | None = None) -> None:
        self.api = api
        self.max_models = max_models
        self.since = _utc(since) if since is not None else None
        self.reader = ModelReader(api, cards, concurrency)
        self.say = say or (lambda text: None)
        if self.since is None:
            self.name = "all"
            self.source = f"{api.endpoint} all models"
        else:
            self.name = f"all-since-{self.since.isoformat()}"
            self.source = f"{api.endpoint} all models since {self.since.isoformat()}"

    @property
    def complete(self) -> bool:
        """Whether the crawl lists the whole Hub, so that a model it does not see is gone from
        it: only without ``since`` and ``max_models``."""
        return self.since is None and self.max_models is None

    def steps(self, state: dict[str, Any] | None) -> Iterator[Step]:
        state = state or {}
        url = state.get("url", self.api.listing_url(sort="lastModified" if self.since else None))
        number, count = state.get("page", 1), state.get("count", 0)
        if url is None:
            return
        since = self.since.isoformat() if self.since else None
        for page in self.api.pages(url, number):
            older = None  # the first model older than ``since``: where an incremental crawl ends
            cut = _boundary(page.models, self.since) if self.since and page.models else None
            if cut is not None:
                older = page.models[cut]
                page = dataclasses.replace(page, models=page.models[:cut], next_url=None)
            items = _page_items(self.reader, page, "hub:all models")
            read = len(_records(items))
            if self.max_models is not None:
                items = _first_records(items, self.max_models - count)
            kept = len(_records(items))
            count += kept
            done = {"mode": "all", "url": page.next_url, "page": page.number + 1,
                    "count": count, "since": since}
            yield Step(items, lambda done=done: done)
            if self.max_models is not None and count >= self.max_models and (
                    page.next_url or read > kept):
                self.say(f"Stopped at --max-models {self.max_models:,}")
                return
            if older is not None:
                self.say(f"Stopped at the --since boundary on page {page.number}, at "
                         f"{_describe(older)}: {count:,} models modified since {since} were "
                         "read")
                return
        if since:
            self.say(f"The listing ended before the --since boundary: all {count:,} models it "
                     f"gave were modified since {since}")


def load_hub(graph: Graph, crawl: FamilyCrawl | HubCrawl, *, checkpoint: Checkpoint,
             rejects_path: Any, restart: bool = False, batch_size: int = DEFAULT_BATCH_SIZE,
             on_rows: Callable[[int], None] | None = None,
             say: Callable[[str], None] | None = None, save_every: float = 10.0
             ) -> LoadSummary:
    """Run ``crawl`` into the graph as one load (kind ``hub``), saving its state in
    ``checkpoint`` at most every ``save_every`` seconds, after what it read is written.

    An earlier run's checkpoint is taken up unless ``restart``; a finished crawl removes it.
    When the Hub fails for good the work read so far is written, the checkpoint saved, the
    load marked failed, and :class:`LineageError` says how to resume.

    A crawl that lists the whole Hub (:attr:`HubCrawl.complete`) makes a complete load, which
    marks the models it did not see as removed. A crawl resumed over several runs sees the Hub
    only across them, so the checkpoint keeps the snapshot id of every run (``snapshots``) and
    the last run names the earlier ones to the load: what they read is not gone. A checkpoint
    that does not keep them (written before they were kept) cannot say what its runs read, so
    its resumed crawl is loaded as partial and marks nothing removed.
    """
    say = say or (lambda text: None)
    state = None
    if restart:
        checkpoint.remove()
    else:
        state = checkpoint.load()
        if state:
            say(f"Resuming the crawl from {checkpoint.path} ({state.get('count', 0):,} models "
                f"read before, saved {state.get('saved_at', '?')}); --restart starts over")
    earlier = list((state or {}).get("snapshots", []))
    complete = crawl.complete and (not state or "snapshots" in state)
    if crawl.complete and not complete:
        say("The checkpoint does not name the runs that read the models before it, so this "
            "load marks no model removed; --restart lists the whole Hub again and does")
    ingest = Ingest(graph, source=crawl.source, kind="hub", rejects_path=rejects_path,
                    batch_size=batch_size, on_rows=on_rows, on_phase=say,
                    defer_indexes=False, complete=complete, earlier_snapshots=earlier)
    runs = [*earlier, ingest.summary.snapshot]

    def saved_state(step: Step) -> dict[str, Any]:
        return {**step.state(), "snapshots": runs}

    with ingest:
        last: Step | None = None
        saved = time.monotonic()
        try:
            for step in crawl.steps(state):
                ingest.add_all(step.items)
                last = step
                if time.monotonic() - saved >= save_every:
                    ingest.flush()
                    checkpoint.save(saved_state(step))
                    saved = time.monotonic()
        except (LineageError, KeyboardInterrupt) as err:
            if last is not None:
                ingest.flush()
                checkpoint.save(saved_state(last))
            done = ingest.fail(str(err) or "interrupted")
            if isinstance(err, KeyboardInterrupt) or last is None:
                raise
            raise type(err)(f"{err}. {done.models_new + done.models_updated:,} models were "
                            f"written; run the same command again to resume from "
                            f"{checkpoint.path}") from None
        finally:
            crawl.reader.close()
    checkpoint.remove()
    return ingest.summary


def _page_items(reader: ModelReader, page: Page, where: str) -> list[Item]:
    position = f"{where}, page {page.number}"
    if page.models is None:
        after = ("" if page.next_url else
                 "; the Hub gave no link to a next page, so any later pages were not read")
        return [Reject(f"{position} ({page.url})", f"page not read: {page.problem}; its models "
                       f"are missing from this load{after}", kind="page")]
    return reader.read(page.models, [f"{position}, item {i}" for i in range(len(page.models))])


def _records(items: list[Item]) -> list[ModelRecord]:
    return [i for i in items if isinstance(i, ModelRecord)]


def _first_records(items: list[Item], room: int) -> list[Item]:
    kept = []
    for item in items:
        if isinstance(item, ModelRecord):
            if room <= 0:
                continue
            room -= 1
        kept.append(item)
    return kept


def _utc(moment: dt.datetime) -> dt.datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
            ).astimezone(dt.timezone.utc)


def _modified(value: dict[str, Any]) -> dt.datetime | None:
    try:
        return parse_datetime(value.get("lastModified"))
    except ValueError:
        return None


def _boundary(models: list[Any], since: dt.datetime) -> int | None:
    """Where, in a page listed newest first, the models older than ``since`` begin: the index
    of the first one last modified before it, or without a readable ``lastModified`` (the Hub
    lists those after every dated one); None when the whole page is newer.

    An item that is not a model object does not decide: it has no date of its own to judge by,
    and the reader makes it a reject with its position.
    """
    for index, value in enumerate(models):
        if not isinstance(value, dict):
            continue
        modified = _modified(value)
        if modified is None or modified < since:
            return index
    return None


def _describe(model: dict[str, Any]) -> str:
    modified = _modified(model)
    when = f"last modified {modified.isoformat()}" if modified else "with no lastModified"
    return f"{model.get('id') or model.get('modelId') or 'a model'}, {when}"
