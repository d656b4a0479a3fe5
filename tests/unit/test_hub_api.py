"""The Hub client against a local stand-in of the Hub (no internet, no database)."""

import datetime as dt
import math
import time

import pytest

from lineage.loader.hub.api import HubAPI, HubRefused, HubUnavailable, hub_endpoint
from lineage.loader.hub.crawler import FamilyCrawl, HubCrawl
from lineage.loader.records import ModelRecord
from tests.fakehub import FakeHub, crawl_hub_data


def family():
    models = [{"_id": f"{i:024d}", "id": f"org/m{i}", "tags": ["base_model:org/root",
                                                              "base_model:finetune:org/root"],
               "likes": i, "createdAt": "2024-01-01T00:00:00.000Z"} for i in range(7)]
    models.append({"_id": "r" * 24, "id": "org/root", "tags": ["license:mit"], "likes": 99})
    return models


@pytest.fixture
def hub():
    with FakeHub(family(), readmes={"org/root": "# Root"}) as server:
        yield server


def client(hub, **options):
    said = []
    api = HubAPI(hub.url, retries=options.pop("retries", 2), backoff=0.01, page_size=3,
                 say=said.append, **options)
    return api, said


def test_pages_follow_the_link_header_with_its_cursor(hub):
    api, _ = client(hub)
    pages = list(api.pages(api.listing_url(["base_model:org/root"])))
    assert [len(p.models) for p in pages] == [3, 3, 1]
    assert [m["id"] for p in pages for m in p.models] == [f"org/m{i}" for i in range(7)]
    first, *later = hub.listing_requests()
    assert first.query["filter"] == ["base_model:org/root"]
    assert "cursor" not in first.query and all("cursor" in r.query for r in later)
    # huggingface_hub's headers go with every request.
    assert all("hf_hub/" in r.headers["user-agent"] for r in hub.requests)
    assert set(pages[0].models[0]) == {"_id", "id", "tags", "likes", "createdAt"}


def test_the_model_endpoint_and_cards(hub):
    api, _ = client(hub)
    assert api.model("ORG/root")["id"] == "org/root"
    assert api.model("org/absent") is None
    assert api.readme("org/root") == "# Root"
    assert api.readme("org/m1") is None
    assert hub.requests[-1].path == "/org/m1/resolve/main/README.md"


def test_rate_limits_are_waited_out_with_a_message(hub):
    api, said = client(hub)
    hub.rate_limit("/api/models", seconds=1, times=2)
    clock = time.monotonic()
    assert len(next(api.pages(api.listing_url())).models) == 3
    assert 1.0 <= time.monotonic() - clock < 5
    assert said[0] == ("Rate limited by the Hub ('api' quota used up, 500 requests per 300 s): "
                       "waiting 1 s, then going on")
    hub.fail("/api/models/org/root", 429, headers={"Retry-After": "1"})
    assert api.model("org/root")["id"] == "org/root"
    assert said[-1] == "Rate limited by the Hub (Retry-After 1 s): waiting 1 s, then going on"


def test_server_errors_are_retried_then_reported_clearly(hub):
    api, said = client(hub, retries=2)
    hub.fail("/api/models", 500, times=2)
    assert len(next(api.pages(api.listing_url())).models) == 3
    assert len(said) == 2 and "HTTP 500" in said[0] and "retry 1/2" in said[0]
    hub.fail("/api/models", 503, times=3)
    with pytest.raises(HubUnavailable, match=r"answered HTTP 503 to .* 3 times; try again later"):
        next(api.pages(api.listing_url()))


def test_a_malformed_page_is_retried_then_handed_back_with_its_problem(hub):
    api, said = client(hub)
    hub.malformed("/api/models", times=1)
    page = next(api.pages(api.listing_url()))
    assert len(page.models) == 3 and "not valid JSON" in said[0]
    hub.malformed("/api/models", times=3)
    page = next(api.pages(api.listing_url()))
    assert page.models is None and page.problem.startswith("the body is not valid JSON")
    assert "cursor=" in page.next_url  # the headers came through: the crawl can go on


def test_refusals_name_the_fix(hub, monkeypatch):
    api, _ = client(hub)
    hub.fail("/api/models/org/root", 401)
    with pytest.raises(HubRefused, match="set HF_TOKEN"):
        api.model("org/root")
    with pytest.raises(HubRefused, match="HTTP 400.*does not accept"):
        next(api.pages(api.listing_url(expand=["tags", "baseModels"])))


def test_unreachable_hub():
    api = HubAPI("http://127.0.0.1:9", retries=1, backoff=0.01)
    with pytest.raises(HubUnavailable, match="cannot reach the Hub at http://127.0.0.1:9"):
        api.model("org/root")


def test_hf_endpoint_and_hf_token_are_honoured(hub, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", hub.url + "/")
    monkeypatch.setenv("HF_TOKEN", "hf_test_token")
    assert hub_endpoint() == hub.url
    api = HubAPI()
    assert api.model("org/root")["likes"] == 99
    assert hub.requests[-1].headers["authorization"] == "Bearer hf_test_token"


# -- listings sorted newest first, and a crawl that stops at a moment ------------------------

def dated(count, **fields):
    """``count`` models, org/d0 modified most recently, one day apart, listed oldest first
    (so only the requested order can put them newest first), and one without a date."""
    models = [{"_id": f"{i:024d}", "id": f"org/d{i}", "tags": ["license:mit"], "downloads": i,
               "lastModified": f"2025-01-{31 - i:02d}T12:00:00.000Z", **fields}
              for i in reversed(range(count))]
    return [*models, {"_id": "u" * 24, "id": "org/undated", "tags": [], "downloads": 100}]


def crawl_records(crawl):
    """Every record of the crawl's steps, and each step's state, with no database."""
    records, states = [], []
    for step in crawl.steps(None):
        records += [i for i in step.items if isinstance(i, ModelRecord)]
        states.append(step.state())
    return records, states


def test_a_listing_can_be_sorted_newest_first_with_undated_models_last():
    with FakeHub(dated(5)) as hub:
        api, _ = client(hub)
        url = api.listing_url(sort="lastModified")
        assert "&sort=lastModified&direction=-1&limit=3" in url
        ids = [m["id"] for page in api.pages(url) for m in page.models]
        assert ids == ["org/d0", "org/d1", "org/d2", "org/d3", "org/d4", "org/undated"]
        assert hub.listing_requests()[0].query["direction"] == ["-1"]
        # Any field, either direction; a model without the field comes last both ways.
        ascending = url.replace("direction=-1", "direction=1")
        ids = [m["id"] for page in api.pages(ascending) for m in page.models]
        assert ids == ["org/d4", "org/d3", "org/d2", "org/d1", "org/d0", "org/undated"]
        by_downloads = url.replace("sort=lastModified", "sort=downloads")
        ids = [m["id"] for page in api.pages(by_downloads) for m in page.models]
        assert ids == ["org/undated", "org/d4", "org/d3", "org/d2", "org/d1", "org/d0"]


def utc(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)


def test_a_crawl_since_a_moment_stops_at_the_first_older_model_across_pages():
    readmes = {f"org/d{i}": f"# d{i}" for i in range(8)}
    with FakeHub(dated(8), readmes) as hub:
        api, _ = client(hub)
        said = []
        crawl = HubCrawl(api, since=utc("2025-01-27T12:00:00"), cards=True, say=said.append)
        records, states = crawl_records(crawl)
        # d0..d4 were modified on or after the 27th; d5, third on page 2, ends the crawl.
        assert [r.id for r in records] == [f"org/d{i}" for i in range(5)]
        assert len(hub.listing_requests()) == 2
        assert all(r.query["sort"] == ["lastModified"] and r.query["direction"] == ["-1"]
                   for r in hub.listing_requests())
        cards = sorted(r.path for r in hub.requests if r.path.endswith("/README.md"))
        assert cards == [f"/org/d{i}/resolve/main/README.md" for i in range(5)]
        assert said == ["Stopped at the --since boundary on page 2, at org/d5, last modified "
                        "2025-01-26T12:00:00+00:00: 5 models modified since "
                        "2025-01-27T12:00:00+00:00 were read"]
        assert states[-1]["url"] is None and states[-1]["count"] == 5
        assert crawl.source == f"{hub.url} all models since 2025-01-27T12:00:00+00:00"
        assert crawl.name != HubCrawl(api).name  # never takes up a whole crawl's checkpoint
        crawl.reader.close()


def test_the_since_boundary_on_a_page_edge_and_models_without_a_date():
    with FakeHub(dated(8)) as hub:
        api, _ = client(hub)
        records, _ = crawl_records(HubCrawl(api, since=utc("2025-01-29T12:00:00")))
        assert [r.id for r in records] == ["org/d0", "org/d1", "org/d2"]
        assert len(hub.listing_requests()) == 2  # page 2 opens with the first older model
        said = []
        # A naive moment is UTC; every dated model is newer, the undated one counts as older.
        records, _ = crawl_records(HubCrawl(api, since=dt.datetime(2020, 1, 1),
                                            say=said.append))
        assert [r.id for r in records] == [f"org/d{i}" for i in range(8)]
        assert said[-1].startswith("Stopped at the --since boundary on page 3, at org/undated, "
                                   "with no lastModified: 8 models")
        said.clear()
        records, _ = crawl_records(HubCrawl(api, since=utc("2025-01-30T00:00:00"),
                                            max_models=1, say=said.append))
        assert [r.id for r in records] == ["org/d0"] and said == ["Stopped at --max-models 1"]


def test_a_crawl_since_a_moment_resumes_mid_listing():
    with FakeHub(dated(8)) as hub:
        api, _ = client(hub)
        first = next(HubCrawl(api, since=utc("2025-01-25T12:00:00")).steps(None))
        state = first.state()
        assert "cursor=" in state["url"] and "sort=lastModified" in state["url"]
        assert state["since"] == "2025-01-25T12:00:00+00:00" and state["count"] == 3
        before = len(hub.listing_requests())
        resumed = HubCrawl(api, since=utc("2025-01-25T12:00:00"))
        records = [i.id for s in resumed.steps(state) for i in s.items
                   if isinstance(i, ModelRecord)]
        assert records == ["org/d3", "org/d4", "org/d5", "org/d6"]
        later = hub.listing_requests()[before:]
        assert len(later) == 2 and all("cursor" in r.query for r in later)


def test_only_a_crawl_of_every_model_without_bounds_is_complete(hub):
    api, _ = client(hub)
    assert HubCrawl(api).complete is True
    assert HubCrawl(api, max_models=10).complete is False
    assert HubCrawl(api, since=utc("2025-01-01T00:00:00")).complete is False
    assert FamilyCrawl(api, "org/root", depth=1, max_models=10).complete is False


def test_a_crawl_since_a_moment_on_recorded_models(crawls):
    """The real crawls' model objects (most have no lastModified: they count as older)."""
    models, _ = crawl_hub_data(sorted(crawls.glob("*.json")))
    dates = sorted(m["lastModified"] for m in models if m.get("lastModified"))
    since = dates[len(dates) // 2]
    newer = {m["id"] for m in models if m.get("lastModified", "") >= since}
    with FakeHub(models) as hub:
        api = HubAPI(hub.url, backoff=0.01, page_size=7)
        records, _ = crawl_records(HubCrawl(api, since=dt.datetime.fromisoformat(since)))
        assert {r.id for r in records} == newer and len(records) == len(newer)
        modified = [r.last_modified for r in records]
        assert modified == sorted(modified, reverse=True)
        # Pages up to the one holding the first older model, and none after it.
        assert len(hub.listing_requests()) == math.ceil((len(newer) + 1) / 7)
        assert len(newer) < len(models) / 2
