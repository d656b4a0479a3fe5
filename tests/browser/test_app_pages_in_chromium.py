"""The four pages of the running app in a real headless Chromium: each page paints, the console
refuses writes and stops a slow query, and text from the data never runs as a script."""

from __future__ import annotations

import os
import re
import subprocess
from urllib.parse import quote

import pytest

from lineage.loader.files import load_files
from tests.browser.test_app_in_chromium import (
    CHROMIUM_ARGS,
    chromium_path,  # noqa: F401 (a fixture)
    lineage_command,
    stop,
    wait_until_serving,
)
from tests.conftest import free_port
from tests.families import FAMILY, hub_model, write_crawl

pytestmark = pytest.mark.browser

TIMEOUT = 2  # LINEAGE_QUERY_TIMEOUT of the app under test
#: Text meant to run if the page ever read it as markup: each sets window.pwned.
MARKUP = ["<script>window.pwned=1</script>", "<img src=x onerror=window.pwned=2>",
          "[link](javascript:window.pwned=3)"]


@pytest.fixture
def app_url(graph, cli_env, tmp_path):
    """`lineage ui` with a short query timeout, serving the literal family and a model whose
    task, library and author hold markup."""
    models = [*FAMILY,
              hub_model("org/evil", 1, ("finetune", "org/base"), pipeline_tag=MARKUP[0],
                        library_name=MARKUP[1], author=MARKUP[2])]
    load_files(graph, [write_crawl(tmp_path / "family.json", models)],
               rejects_path=tmp_path / "rejects.jsonl")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path / "ui.log").open("w")
    env = {**os.environ, "LINEAGE_QUERY_TIMEOUT": str(TIMEOUT)}
    server = subprocess.Popen([*lineage_command(), "ui", "--port", str(port)], stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True, env=env)
    try:
        wait_until_serving(url, server, tmp_path / "ui.log")
        yield url
    finally:
        stop(server)
        log.close()


@pytest.fixture
def browser(chromium_path):  # noqa: F811 (the fixture imported above)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # a shared machine can be slow
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path),
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def console(app_url, text):
    return f"{app_url}/query?q={quote(text)}"


def test_the_console_refuses_writes_and_stops_a_slow_query(browser, app_url, graph):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    before = graph.run("stats/graph")[0]
    for text in ("CREATE (n:Intruder) RETURN n", "MATCH (m:Model) DETACH DELETE m",
                 "CALL dbms.upgrade()"):
        page.goto(console(app_url, text))
        # Refused from the query's plan; a procedure the server does not know it rejects.
        expect(page.get_by_text(re.compile(r"^refused: |no procedure with the name")).first
               ).to_be_visible(timeout=60_000)
    assert graph.run("stats/graph")[0] == before
    page.goto(console(app_url, "UNWIND range(1, 1000000000) AS x RETURN count(x)"))
    expect(page.get_by_text(f"ran longer than {TIMEOUT} s and was stopped")).to_be_visible(
        timeout=60_000)
    # A query typed and run lands in the address, which runs it again when opened.
    page.goto(f"{app_url}/query")
    page.get_by_label("Cypher").fill("MATCH (m:Model) RETURN m.id AS id")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text(f"{len(FAMILY) + 2} rows")).to_be_visible()
    assert "q=MATCH" in page.url
    shared = browser.new_page()
    shared.goto(page.url)
    expect(shared.get_by_text(f"{len(FAMILY) + 2} rows")).to_be_visible(timeout=60_000)


def test_every_page_paints_and_the_navigation_moves_between_them(browser, app_url):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/ecosystem")
    expect(page.get_by_role("heading", name="Ecosystem")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="Edges by relation")).to_be_visible()
    page.goto(f"{app_url}/compare?a=org/ft-a&b=org/ft-b")
    expect(page.get_by_role("heading", name="org/ft-b", exact=True)).to_be_visible(
        timeout=60_000)
    page.get_by_role("link", name="Query").click()
    expect(page.get_by_role("heading", name="Query", exact=True)).to_be_visible()
    page.get_by_role("link", name="Model").click()
    expect(page.get_by_role("heading", name="Lineage explorer")).to_be_visible()


def test_markup_in_the_data_is_shown_as_text_and_never_runs(browser, app_url):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{app_url}/?model=org/evil")
    expect(page.get_by_role("heading", name="org/evil", exact=True)).to_be_visible(
        timeout=60_000)
    for text in MARKUP:
        expect(page.get_by_text(text, exact=False).first).to_be_visible()
    tree = page.frame_locator("iframe[title='Family tree']")
    expect(tree.locator("canvas")).to_be_visible()
    # Hover the model to show its tooltip: the markup is its text.
    frame = page.locator("iframe[title='Family tree'][data-clickable]")
    expect(frame).to_have_count(1)
    drawing = frame.element_handle().content_frame()
    point = drawing.evaluate("key => network.canvasToDOM(network.getPosition(key))", "org/evil")
    box = frame.bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    expect(tree.locator("div.vis-tooltip")).to_contain_text(MARKUP[0])
    page.goto(console(app_url, "MATCH (m:Model {id: 'org/evil'}) RETURN m, m.library_name AS l"))
    expect(page.get_by_text("1 row", exact=True)).to_be_visible(timeout=60_000)
    page.get_by_role("tab", name="Drawing").click()
    expect(page.frame_locator("iframe[title='Family tree']").locator("canvas")).to_be_visible()
    ran = [frame.evaluate("() => window.pwned ?? null") for frame in page.frames]
    assert ran == [None] * len(page.frames) and dialogs == []
