"""The Hub client against a local stand-in of the Hub (no internet, no database)."""

import time

import pytest

from lineage.loader.hub.api import HubAPI, HubRefused, HubUnavailable, hub_endpoint
from tests.fakehub import FakeHub


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
