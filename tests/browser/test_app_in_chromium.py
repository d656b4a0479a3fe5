"""The running app, started with the real `lineage ui` command, in a real headless Chromium.

Debian's chromium (``apt-get install chromium``) drives the page through Playwright; the tests
skip when it is not installed. Every request the page makes is recorded, to prove that it loads
nothing from anywhere but the app itself.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from lineage.loader.files import load_files
from tests.conftest import free_port
from tests.families import FAMILY, write_crawl

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TREE = "iframe[title='Family tree']"


@pytest.fixture
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM}: the browser tests "
                    "need it (apt-get install chromium)")
    return CHROMIUM


def lineage_command() -> list[str]:
    """The `lineage` console script installed beside this Python (else its module)."""
    script = Path(sys.executable).with_name("lineage")
    return [str(script)] if script.exists() else [sys.executable, "-m", "lineage.ui"]


@pytest.fixture
def app_url(graph, cli_env, tmp_path):
    """`lineage ui` serving the literal family from the test database on a free port."""
    load_files(graph, [write_crawl(tmp_path / "family.json", FAMILY)],
               rejects_path=tmp_path / "rejects.jsonl")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path / "ui.log").open("w")
    # Its own session, so the whole server stops with it.
    server = subprocess.Popen([*lineage_command(), "ui", "--port", str(port)], stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_serving(url, server, tmp_path / "ui.log")
        yield url
    finally:
        stop(server)
        log.close()


def wait_until_serving(url: str, server: subprocess.Popen, log: Path,
                       timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"`lineage ui` exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"`lineage ui` did not answer at {url} within {timeout:.0f} s:\n"
                f"{log.read_text()}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=20)


def test_the_tree_draws_and_clicks_move_to_relatives_with_nothing_from_the_internet(
        chromium_path, app_url):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # a shared machine can be slow
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path),
                                             args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1200})
            page.on("request", lambda request: requested.append(request.url))
            page.on("websocket", lambda socket: requested.append(socket.url))
            page.goto(f"{app_url}/?model=org/base")

            # The page loads and the tree's canvas appears inside the component's frame.
            expect(page.get_by_role("heading", name="org/base", exact=True)).to_be_visible(
                timeout=60_000)
            expect(page.frame_locator(TREE).locator("canvas")).to_be_visible()
            drawing = page.locator(TREE).element_handle().content_frame()
            drawn = drawing.evaluate("() => network.body.data.nodes.getIds()")
            assert sorted(drawn) == ["org/base", "org/ft-a", "org/ft-b", "org/merged"]

            # A child button moves to the child, and the address follows.
            page.get_by_role("button", name="org/ft-a · finetune").click()
            expect(page.get_by_role("heading", name="org/ft-a", exact=True)).to_be_visible()
            expect(page).to_have_url(f"{app_url}/?model=org%2Fft-a")

            # A click on a model in the drawing moves to it too.
            frame = page.locator(f"{TREE}[data-clickable]")
            expect(frame).to_have_count(1)
            drawing = frame.element_handle().content_frame()
            point = drawing.evaluate(
                "key => network.canvasToDOM(network.getPosition(key))", "org/merged")
            box = frame.bounding_box()
            page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
            expect(page.get_by_role("heading", name="org/merged", exact=True)).to_be_visible()
            expect(page).to_have_url(f"{app_url}/?model=org%2Fmerged")

            # A button moves on from there, and the drawing's last click (which the component
            # keeps) does not pull the page back to the model clicked before.
            page.get_by_role("button", name="org/ft-a · merge").click()
            expect(page.get_by_role("heading", name="org/ft-a", exact=True)).to_be_visible()
            page.get_by_role("slider", name="Generations down").press("ArrowRight")
            expect(page.get_by_role("heading", name="org/ft-a", exact=True)).to_be_visible()
            expect(page.locator(f"{TREE}[data-clickable]")).to_have_count(1)
            drawing = page.locator(TREE).element_handle().content_frame()
            assert "org/quant" in drawing.evaluate("() => network.body.data.nodes.getIds()")
        finally:
            browser.close()

    assert requested, "the page made no request at all"
    # vis-network came once, from the app's own server, for four drawings: each model sent
    # only its drawing's data to the frame already loaded.
    assert len([url for url in requested if url.split("?")[0].endswith("/vis-network.min.js")]
               ) == 1
    # Inline data: URLs stay in the page; a blob: URL belongs to the origin that made it.
    elsewhere = [url for url in requested if not url.startswith("data:")
                 and urlsplit(url.removeprefix("blob:")).hostname != "127.0.0.1"]
    assert elsewhere == []
