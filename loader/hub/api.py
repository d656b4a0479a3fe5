"""The Hub's HTTP API, spoken through ``huggingface_hub``'s own HTTP session and headers.

``HfApi.list_models`` follows the ``Link: <...cursor=...>; rel="next"`` pages internally and
never shows the next link, which a crawl has to keep to resume where it stopped; its retries
also give up after a few rate-limited answers, which a crawl of millions of models will meet
many times. So pages are requested here, with ``huggingface_hub``'s configured session
(proxies, user agent), its headers (``HF_TOKEN`` or the saved login), its endpoint
(``HF_ENDPOINT``) and its parser of the Hub's ``RateLimit`` headers:

* HTTP 429: wait as long as ``RateLimit`` (``"api";r=0;t=<seconds>``) or ``Retry-After`` says
  (every thread waits for the same moment), say so, then go on. Waiting is not failing.
* HTTP 5xx, 408, an unreachable server or a body that is not the JSON asked for: retried with
  exponential backoff, then :class:`HubUnavailable` (the crawl's checkpoint lets it resume).
* Any other 4xx: :class:`HubRefused` with what to do (a token for gated or private models ...).
"""

from __future__ import annotations

import dataclasses
import email.utils
import json
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode

from huggingface_hub import constants, hf_hub_url
from huggingface_hub.utils import build_hf_headers, get_session, parse_ratelimit_headers

from lineage.errors import LineageError, UsageError

#: Model fields a listing asks for (``expand``): everything the graph keeps. ``siblings`` (every
#: file of the repository) is left out: a GGUF model's ``gguf`` field says what its files would.
LIST_EXPAND = ("author", "cardData", "config", "createdAt", "downloads", "gated", "gguf",
               "lastModified", "library_name", "likes", "pipeline_tag", "private",
               "safetensors", "tags", "trendingScore")
#: The model endpoint also gives ``baseModels``; listings refuse it (HTTP 400).
MODEL_EXPAND = LIST_EXPAND + ("baseModels",)
PAGE_SIZE = 1000
_RETRIED = {408, 500, 502, 503, 504}
_MOST_RATE_WAITS = 1000


class HubUnavailable(LineageError):
    """The Hub did not answer usefully, even after retries."""


class HubRefused(LineageError):
    """The Hub refused a request (bad token, no access, bad request)."""


@dataclasses.dataclass
class Page:
    """One page of a model listing. ``models`` is None when the body was not a JSON list
    (``problem`` says what it was); ``next_url`` is the Link header's next page."""

    number: int
    url: str
    models: list[Any] | None
    next_url: str | None
    problem: str | None = None


def hub_endpoint() -> str:
    """The Hub's address: ``HF_ENDPOINT`` as ``huggingface_hub`` reads it (re-read here, so a
    value set after import counts too)."""
    return (os.environ.get("HF_ENDPOINT") or constants.ENDPOINT).rstrip("/")


class HubAPI:
    """The endpoints a crawl needs. Thread-safe: card texts are fetched concurrently.

    ``say`` hears every wait and retry (one line each); ``retries`` and ``backoff`` (seconds,
    doubled per retry up to 30) bound how hard a failing request is tried.
    """

    def __init__(self, endpoint: str | None = None, token: str | None = None, *,
                 retries: int = 5, backoff: float = 1.0, timeout: float = 60.0,
                 page_size: int = PAGE_SIZE, say: Callable[[str], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if constants.is_offline_mode():
            raise UsageError("HF_HUB_OFFLINE is set, so huggingface_hub makes no requests: "
                             "unset it to read the live Hub")
        self.endpoint = (endpoint or hub_endpoint()).rstrip("/")
        self.token = token
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.page_size = page_size
        self.say = say or (lambda text: None)
        self.sleep = sleep
        self.rate_waits = 0
        self._lock = threading.Lock()
        self._resume_at = 0.0

    # -- endpoints -----------------------------------------------------------------------------

    def listing_url(self, filters: Sequence[str] = (), expand: Sequence[str] = LIST_EXPAND,
                    sort: str | None = None) -> str:
        """The first page of ``GET /api/models`` with ``filter`` and ``expand``.

        ``sort`` names a model field (``lastModified``, ``createdAt``, ``downloads`` ...) the
        Hub orders the listing by, largest (newest) first: ``direction=-1``, the one order a
        crawl asks for, since it reads from the newest until a boundary.
        """
        params: list[tuple[str, Any]] = [("filter", f) for f in filters]
        params += [("expand", e) for e in expand]
        if sort:
            params += [("sort", sort), ("direction", -1)]
        params.append(("limit", self.page_size))
        return f"{self.endpoint}/api/models?{urlencode(params)}"

    def pages(self, url: str, number: int = 1) -> Iterator[Page]:
        """The pages of a listing from ``url`` (page ``number``), following Link headers."""
        next_url: str | None = url
        while next_url:
            page = self._page(next_url, number)
            yield page
            next_url, number = page.next_url, number + 1

    def model(self, model_id: str, expand: Sequence[str] = MODEL_EXPAND
              ) -> dict[str, Any] | None:
        """``GET /api/models/<id>``: the model object, None when the Hub has no such model."""
        url = f"{self.endpoint}/api/models/{quote(model_id, safe='/')}"
        response = self._get(url, [("expand", e) for e in expand], missing_ok=True)
        if response is None:
            return None
        value = self._json(url, response)
        if not isinstance(value, dict):
            raise HubUnavailable(f"the Hub at {self.endpoint} answered {url} with JSON that is "
                                 "not a model object; try again later")
        return value

    def readme(self, model_id: str) -> str | None:
        """The model card (``README.md`` on the main revision), None when there is none."""
        url = hf_hub_url(model_id, "README.md", endpoint=self.endpoint)
        response = self._get(url, None, missing_ok=True)
        if response is None:
            return None
        return response.content.decode("utf-8", errors="replace")

    # -- plumbing ------------------------------------------------------------------------------

    def _page(self, url: str, number: int) -> Page:
        problem = None
        for attempt in range(self.retries + 1):
            response = self._get(url, None)
            next_url = (response.links.get("next") or {}).get("url")
            try:
                value = response.json()
            except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as err:
                problem = f"the body is not valid JSON ({err})"
            else:
                if isinstance(value, list):
                    return Page(number, url, value, next_url)
                problem = f"the body is JSON but not a list of models ({type(value).__name__})"
            if attempt < self.retries:
                self._retry_wait(attempt, f"page {number} of {url}: {problem}")
        return Page(number, url, None, next_url, problem)

    def _json(self, url: str, response: Any) -> Any:
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as err:
            raise HubUnavailable(f"the Hub at {self.endpoint} answered {url} with a body that "
                                 f"is not valid JSON ({err}); try again later") from None

    def _get(self, url: str, params: list[tuple[str, Any]] | None, missing_ok: bool = False
             ) -> Any:
        """GET ``url`` until it answers: waits out rate limits, retries failures."""
        failures = 0
        while True:
            self._wait_for_rate_limit()
            try:
                response = get_session().get(url, params=params, timeout=self.timeout,
                                             headers=build_hf_headers(token=self.token))
            # The transport (httpx or httpx2, by huggingface_hub release) raises its own types:
            # any failure to get an answer is a network failure here.
            except Exception as err:  # noqa: BLE001
                problem = f"{type(err).__name__}: {err}"
                if failures >= self.retries:
                    raise HubUnavailable(f"cannot reach the Hub at {self.endpoint} ({problem}); "
                                         "check the connection or HF_ENDPOINT") from None
                self._retry_wait(failures, f"{url}: {problem}")
                failures += 1
                continue
            status = response.status_code
            if status < 400:
                return response
            if status == 429:
                self._rate_limited(response)
                continue
            if status == 404 and missing_ok:
                return None
            if status in _RETRIED:
                if failures >= self.retries:
                    raise HubUnavailable(
                        f"the Hub at {self.endpoint} answered HTTP {status} to {url} "
                        f"{failures + 1} times; try again later (a crawl resumes from its "
                        "checkpoint)")
                self._retry_wait(failures, f"HTTP {status} from {url}")
                failures += 1
                continue
            raise HubRefused(_refusal(status, url, response))

    def _retry_wait(self, attempt: int, what: str) -> None:
        wait = min(30.0, self.backoff * 2 ** attempt)
        self.say(f"{what}; retry {attempt + 1}/{self.retries} in {wait:g} s")
        self.sleep(wait)

    def _rate_limited(self, response: Any) -> None:
        wait, why = _rate_limit_wait(response.headers)
        if wait is None:
            wait, why = max(1.0, self.backoff), "no reset time given"
        with self._lock:
            self.rate_waits += 1
            if self.rate_waits > _MOST_RATE_WAITS:
                raise HubUnavailable(f"the Hub at {self.endpoint} kept answering HTTP 429 (rate "
                                     f"limited) {_MOST_RATE_WAITS} times; try again later")
            resume = time.monotonic() + wait
            if resume > self._resume_at:
                self._resume_at = resume
                self.say(f"Rate limited by the Hub ({why}): waiting {wait:g} s, then going on")

    def _wait_for_rate_limit(self) -> None:
        with self._lock:
            delay = self._resume_at - time.monotonic()
        if delay > 0:
            self.sleep(delay)


def _rate_limit_wait(headers: Mapping[str, str]) -> tuple[float | None, str]:
    """Seconds to wait after a 429, from the ``RateLimit`` or ``Retry-After`` header."""
    info = parse_ratelimit_headers(headers)
    if info is not None and info.remaining == 0:
        quota = (f", {info.limit} requests per {info.window_seconds} s"
                 if info.limit is not None and info.window_seconds is not None else "")
        return float(info.reset_in_seconds), f"'{info.resource_type}' quota used up{quota}"
    value = (headers.get("retry-after") or "").strip()
    if value.isdigit():
        return float(value), f"Retry-After {value} s"
    if value:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None, "unreadable Retry-After"
        return max(0.0, when.timestamp() - time.time()), f"Retry-After {value}"
    return None, "no reset time given"


def _refusal(status: int, url: str, response: Any) -> str:
    try:
        detail = response.json().get("error") or ""
    except (ValueError, AttributeError):
        detail = ""
    detail = f" ({detail})" if detail else ""
    if status in (401, 403):
        return (f"the Hub refused {url} with HTTP {status}{detail}: set HF_TOKEN to a token "
                "that may read it (or log in with `hf auth login`)")
    return f"the Hub refused {url} with HTTP {status}{detail}"
