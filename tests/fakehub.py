"""A stand-in for the Hugging Face Hub on 127.0.0.1, for tests (the machine has no internet).

It answers what ``huggingface_hub`` and the crawler ask, in the real API's shapes:

* ``GET /api/models?filter=...&expand=...&limit=N[&cursor=...]``: a JSON list, paged with a
  ``Link: <...&cursor=...>; rel="next"`` header carrying an opaque cursor; ``filter`` values
  must all be tags of the model; ``expand`` (or ``expand[]``) keeps ``_id``, ``id`` and the
  named fields; ``baseModels``, ``childrenModelCount`` and ``usedStorage`` are refused (400)
  in listings, as on the Hub. ``sort=<field>`` orders the listing by any model field
  (``lastModified``, ``createdAt``, ``downloads`` ...), ascending, or descending with
  ``direction=-1``; models without the field come last either way.
* ``GET /api/models/<id>[?expand=...]``: one model object, with ``baseModels`` as
  ``{"relation": ..., "models": [{"id": ...}]}``; 404 with ``X-Error-Code: RepoNotFound``.
* ``GET /<id>/resolve/main/README.md``: the card text; 404 with ``X-Error-Code: EntryNotFound``.
* Datasets for ``snapshot_download``: ``GET /api/datasets/<id>/revision/<rev>`` (siblings and
  sha) and ``GET|HEAD /datasets/<id>/resolve/<rev>/<file>`` (the bytes, ``ETag``,
  ``X-Repo-Commit``).

Faults are injected per request path prefix: :meth:`FakeHub.fail` queues answers (429 with
rate-limit headers, 500, a malformed body) that the next matching requests get instead.
Every request is logged (path, query, headers) for assertions. :meth:`FakeHub.put` adds or
changes a model while the server runs, as time passes on the Hub.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import http.server
import json
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import yaml

DEFAULT_LIST_FIELDS = ("id", "likes", "trendingScore", "private", "downloads", "tags",
                       "pipeline_tag", "library_name", "createdAt", "modelId")
REFUSED_IN_LISTINGS = {"baseModels", "childrenModelCount", "usedStorage"}


@dataclasses.dataclass
class Fault:
    prefix: str
    status: int
    body: bytes
    headers: dict[str, str]
    cut: bool = False  # serve the real answer, cut in the middle of its body


@dataclasses.dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # names in lower case


class FakeHub:
    """The server; use as a context manager (it stops at the end)."""

    def __init__(self, models: Iterable[Mapping[str, Any]], readmes: Mapping[str, str] = (),
                 datasets: Mapping[str, Mapping[str, bytes]] = ()) -> None:
        self.models = [dict(m) for m in models]
        self.by_key = {m["id"].lower(): m for m in self.models}
        self.readmes = {k.lower(): v for k, v in dict(readmes).items()}
        self.datasets = {k: dict(v) for k, v in dict(datasets).items()}
        self.faults: list[Fault] = []
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        hub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                hub._answer(self, "GET")

            def do_HEAD(self) -> None:  # noqa: N802
                hub._answer(self, "HEAD")

            def log_message(self, *args: Any) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FakeHub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # -- faults ------------------------------------------------------------------------------

    def fail(self, prefix: str, status: int = 500, *, body: bytes | str = b"",
             headers: Mapping[str, str] = (), times: int = 1) -> None:
        """The next ``times`` requests whose path starts with ``prefix`` get this answer."""
        data = body.encode() if isinstance(body, str) else body
        if not data and status >= 400:
            data = json.dumps({"error": f"injected HTTP {status}"}).encode()
        with self._lock:
            self.faults += [Fault(prefix, status, data, dict(headers)) for _ in range(times)]

    def rate_limit(self, prefix: str, seconds: int = 1, times: int = 1) -> None:
        """Answer 429 with the Hub's rate-limit headers (quota used up, reset in ``seconds``)."""
        self.fail(prefix, 429, headers={"RateLimit": f'"api";r=0;t={seconds}',
                                        "RateLimit-Policy": '"fixed window";"api";q=500;w=300'},
                  times=times)

    def malformed(self, prefix: str, times: int = 1) -> None:
        """Answer as usual (status, headers) but with the body cut in the middle of its JSON."""
        with self._lock:
            self.faults += [Fault(prefix, 200, b"", {}, cut=True) for _ in range(times)]

    def listing_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path == "/api/models"]

    def put(self, model: Mapping[str, Any]) -> None:
        """Add ``model``, or replace the model with its id (keeping its place in the list)."""
        value = dict(model)
        with self._lock:
            old = self.by_key.get(value["id"].lower())
            if old is None:
                self.models.append(value)
            else:
                self.models[next(i for i, m in enumerate(self.models) if m is old)] = value
            self.by_key[value["id"].lower()] = value

    # -- answers -----------------------------------------------------------------------------

    def _answer(self, handler: http.server.BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        path = unquote(parts.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        with self._lock:
            self.requests.append(Request(method, path, query,
                                         {k.lower(): v for k, v in handler.headers.items()}))
            fault = next((f for f in self.faults if path.startswith(f.prefix)), None)
            if fault:
                self.faults.remove(fault)
        handler.cut = bool(fault and fault.cut)
        if fault and not fault.cut:
            return _send(handler, fault.status, fault.body, "application/json", fault.headers,
                         method)
        if path == "/api/models":
            return self._listing(handler, query, method)
        if path.startswith("/api/models/"):
            return self._model(handler, path.removeprefix("/api/models/"), query, method)
        if path.startswith("/api/datasets/"):
            return self._dataset_info(handler, path.removeprefix("/api/datasets/"), method)
        if path.startswith("/datasets/") and "/resolve/" in path:
            return self._dataset_file(handler, path.removeprefix("/datasets/"), method)
        if "/resolve/" in path:
            return self._readme(handler, path.lstrip("/"), method)
        _error(handler, 404, "Not found", method)

    def _listing(self, handler: Any, query: dict[str, list[str]], method: str) -> None:
        expand = query.get("expand", []) + query.get("expand[]", [])
        refused = REFUSED_IN_LISTINGS & set(expand)
        if refused:
            return _error(handler, 400, f'"expand" does not accept {sorted(refused)} when '
                          "listing models", method)
        filters = query.get("filter", [])
        limit = int((query.get("limit") or ["1000"])[0])
        offset = 0
        if "cursor" in query:
            offset = json.loads(base64.urlsafe_b64decode(query["cursor"][0]))["offset"]
        with self._lock:
            matching = [m for m in self.models
                        if all(f in (m.get("tags") or []) for f in filters)]
        if query.get("sort"):
            matching = _sorted(matching, query["sort"][0],
                               (query.get("direction") or ["1"])[0] == "-1")
        page = matching[offset:offset + limit]
        body = json.dumps([_project(m, expand or DEFAULT_LIST_FIELDS) for m in page]).encode()
        headers = {}
        if offset + limit < len(matching):
            cursor = base64.urlsafe_b64encode(json.dumps({"offset": offset + limit}).encode())
            rest = [(k, v) for k, values in query.items() if k != "cursor" for v in values]
            rest.append(("cursor", cursor.decode()))
            headers["Link"] = f'<{self.url}/api/models?{urlencode(rest)}>; rel="next"'
        _send(handler, 200, body, "application/json", headers, method)

    def _model(self, handler: Any, model_id: str, query: dict[str, list[str]],
               method: str) -> None:
        model = self.by_key.get(model_id.lower())
        if model is None:
            return _error(handler, 404, "Repository not found", method, "RepoNotFound")
        expand = query.get("expand", []) + query.get("expand[]", [])
        value = dict(model, baseModels=_base_models(model))
        body = json.dumps(_project(value, expand) if expand else value).encode()
        _send(handler, 200, body, "application/json", {}, method)

    def _readme(self, handler: Any, path: str, method: str) -> None:
        repo, _, rest = path.partition("/resolve/")
        revision, _, filename = rest.partition("/")
        text = self.readmes.get(repo.lower()) if filename == "README.md" else None
        if text is None or repo.lower() not in self.by_key:
            return _error(handler, 404, "Entry not found", method, "EntryNotFound")
        _send(handler, 200, text.encode(), "text/plain; charset=utf-8", {}, method)

    def _dataset_info(self, handler: Any, rest: str, method: str) -> None:
        if "/tree/" in rest:
            return self._dataset_tree(handler, rest, method)
        repo, _, revision = rest.partition("/revision/")
        files = self.datasets.get(repo)
        if files is None:
            return _error(handler, 404, "Repository not found", method, "RepoNotFound")
        body = json.dumps({"_id": "d" * 24, "id": repo, "sha": _sha(files), "private": False,
                           "siblings": [{"rfilename": name} for name in sorted(files)]}).encode()
        _send(handler, 200, body, "application/json", {}, method)

    def _dataset_tree(self, handler: Any, rest: str, method: str) -> None:
        repo, _, revision = rest.partition("/tree/")
        files = self.datasets.get(repo)
        if files is None:
            return _error(handler, 404, "Repository not found", method, "RepoNotFound")
        entries = [{"type": "file", "path": name, "size": len(data),
                    "oid": hashlib.sha1(data).hexdigest()} for name, data in sorted(files.items())]
        _send(handler, 200, json.dumps(entries).encode(), "application/json", {}, method)

    def _dataset_file(self, handler: Any, rest: str, method: str) -> None:
        repo, _, tail = rest.partition("/resolve/")
        revision, _, name = tail.partition("/")
        files = self.datasets.get(repo)
        if files is None or name not in files:
            return _error(handler, 404, "Entry not found", method, "EntryNotFound")
        data = files[name]
        headers = {"ETag": f'"{hashlib.sha256(data).hexdigest()}"',
                   "X-Repo-Commit": _sha(files)}
        _send(handler, 200, data, "application/octet-stream", headers, method)


def _sorted(models: list[dict[str, Any]], field: str, descending: bool
            ) -> list[dict[str, Any]]:
    """``models`` by ``field`` (ties keep their order), those without it last. ISO dates in the
    API's one form sort as text."""
    present = sorted((m for m in models if m.get(field) is not None), key=lambda m: m[field],
                     reverse=descending)
    return present + [m for m in models if m.get(field) is None]


def _project(model: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    kept = {"_id": model.get("_id"), "id": model["id"]}
    kept.update({f: model[f] for f in fields if f in model})
    return kept


def _base_models(model: Mapping[str, Any]) -> dict[str, Any] | None:
    typed = [t.split(":", 2)[1:] for t in model.get("tags") or []
             if t.startswith("base_model:") and t.count(":") >= 2]
    if not typed:
        return None
    return {"relation": typed[0][0], "models": [{"id": ref} for _, ref in typed]}


def _sha(files: Mapping[str, bytes]) -> str:
    digest = hashlib.sha1()
    for name in sorted(files):
        digest.update(name.encode() + files[name])
    return digest.hexdigest()


def _send(handler: Any, status: int, body: bytes, content_type: str,
          headers: Mapping[str, str], method: str) -> None:
    if getattr(handler, "cut", False):
        body = body[:len(body) // 2]
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    if method != "HEAD":
        handler.wfile.write(body)


def _error(handler: Any, status: int, message: str, method: str, code: str | None = None
           ) -> None:
    headers = {"X-Error-Code": code, "X-Error-Message": message} if code else {}
    _send(handler, status, json.dumps({"error": message}).encode(), "application/json",
          headers, method)


# -- recorded responses from the real crawls -------------------------------------------------

_CAMEL = {"created_at": "createdAt", "last_modified": "lastModified",
          "trending_score": "trendingScore", "card_data": "cardData"}


def api_object(row: Mapping[str, Any]) -> dict[str, Any]:
    """The Hub API's object for one crawl row: the row's ``model_info`` (snake_case, as
    ``huggingface_hub`` gave it) back in the API's camelCase, dates in the API's form,
    ``cardData`` as the object the API sends (not the YAML text) and ``siblings`` as objects."""
    metadata = json.loads(row["metadata"]) if isinstance(row["metadata"], str) else row["metadata"]
    info: dict[str, Any] = {}
    for key, value in metadata.items():
        key = _CAMEL.get(key, key)
        if key in info and info[key] is not None:
            continue
        info[key] = value
    info["id"] = row["model_id"]
    info.setdefault("modelId", row["model_id"])
    info.setdefault("_id", hashlib.sha1(row["model_id"].encode()).hexdigest()[:24])
    for key in ("createdAt", "lastModified"):
        if isinstance(info.get(key), str):
            info[key] = _api_time(info[key])
    if isinstance(info.get("cardData"), str):
        try:
            card = yaml.safe_load(info["cardData"])
        except yaml.YAMLError:
            card = None
        info["cardData"] = card if isinstance(card, dict) else None
    if isinstance(info.get("siblings"), list):
        info["siblings"] = [_sibling(s) for s in info["siblings"]]
    for key in [k for k, v in info.items() if v is None]:
        del info[key]
    return info


def _sibling(value: Any) -> Any:
    # The crawl printed huggingface_hub's RepoSibling objects; the API sends {"rfilename": ...}.
    if isinstance(value, str):
        match = re.search(r"rfilename='([^']*)'", value)
        return {"rfilename": match.group(1)} if match else value
    return value


def _api_time(text: str) -> str:
    import datetime as dt

    value = dt.datetime.fromisoformat(text).astimezone(dt.timezone.utc)
    return value.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def crawl_hub_data(crawl_files: Iterable[Any]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Model objects and README texts for every row of the real crawl JSON files (the first
    row of a model wins, as on the Hub where each id is one repository)."""
    models: dict[str, dict[str, Any]] = {}
    readmes: dict[str, str] = {}
    for path in crawl_files:
        for row in json.loads(path.read_text(encoding="utf-8"))["models"]:
            info = api_object(row)
            if info["id"].lower() in models:
                continue
            models[info["id"].lower()] = info
            if isinstance(row.get("card"), str):
                readmes[info["id"]] = row["card"]
            elif info.get("cardData"):
                readmes[info["id"]] = "---\n" + yaml.safe_dump(info["cardData"]) + "---\n"
    return list(models.values()), readmes
