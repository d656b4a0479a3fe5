"""A lineage report opened from disk in a real headless Chromium: it requests nothing but
itself, runs no script that the data carries, draws the family tree, and prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from lineage.analytics.reads.reports import lineage_report
from lineage.loader.files import load_files
from lineage.ui.render.lineage_report import render_html
from tests.browser.test_app_in_chromium import CHROMIUM_ARGS, chromium_path  # noqa: F401
from tests.families import WIDE_FAMILY, hub_model, write_crawl

pytestmark = pytest.mark.browser

ATTACK = ('<script>window.ran = 1</script><img src="http://example.invalid/x.png" '
          'onerror="window.ran = 2">')


def test_a_report_requests_nothing_and_runs_no_script_from_the_data(
        graph, tmp_path, chromium_path):  # noqa: F811
    from playwright.sync_api import sync_playwright

    load_files(graph, [write_crawl(tmp_path / "family.json", [
        hub_model("org/base", 10, tags=["license:llama3.1"], pipeline_tag=ATTACK),
        hub_model("org/child", 5, ("finetune", "org/base"), pipeline_tag="text-generation",
                  tags=["base_model:finetune:org/base", f"license:{ATTACK}"])])],
               rejects_path=tmp_path / "rejects.jsonl")
    page_path = tmp_path / "report.html"
    page_path.write_text(render_html(lineage_report(graph, "org/child")), encoding="utf-8")
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path),
                                             args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda request: requested.append(request.url))
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate("() => window.ran") is None
            assert page.locator("script").count() == 0
            assert page.locator("svg rect").count() == 2
            assert page.get_by_text("license_unknown").count() >= 1
            assert ATTACK in page.inner_text("body")
            pdf = page.pdf()
            assert pdf.startswith(b"%PDF") and len(pdf) > 1000
        finally:
            browser.close()
    assert requested == [page_path.as_uri()]
    assert Path(page_path).exists()


#: Each box of the report's family tree as Chromium lays it out: its label, the box's left and
#: right edges, and each label line's left, right and height in CSS pixels.
BOXES = """() => Array.from(document.querySelectorAll('svg g.box')).map(g => {
  const box = g.querySelector('rect').getBoundingClientRect();
  const lines = Array.from(g.querySelectorAll('tspan')).map(t => t.getBoundingClientRect());
  return {text: g.querySelector('text').textContent, left: box.left, right: box.right,
          lines: lines.map(r => ({left: r.left, right: r.right, height: r.height}))};
})"""


def _laid_out(page_path: Path, browser_path: Path) -> tuple[list[dict], int, int]:
    """The tree's boxes, the document's scroll width and the viewport's width at 1,400 px."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(browser_path),
                                             args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            return (page.evaluate(BOXES),
                    page.evaluate("() => document.documentElement.scrollWidth"),
                    page.evaluate("() => window.innerWidth"))
        finally:
            browser.close()


def _assert_legible(boxes: list[dict], scroll_width: int, viewport: int) -> None:
    assert viewport == 1400 and scroll_width <= viewport
    for box in boxes:
        assert box["text"].strip() and box["lines"]
        for line in box["lines"]:
            assert line["height"] >= 10, box
            assert box["left"] <= line["left"] and line["right"] <= box["right"], box


def test_a_root_of_hundreds_shows_a_legible_tree_without_scrolling_across(
        graph, tmp_path, chromium_path):  # noqa: F811
    load_files(graph, [write_crawl(tmp_path / "wide.json", WIDE_FAMILY)],
               rejects_path=tmp_path / "rejects.jsonl")
    report = lineage_report(graph, "wide/root")
    assert report.descendants["total"] >= 500
    page_path = tmp_path / "report.html"
    page_path.write_text(render_html(report), encoding="utf-8")
    boxes, scroll_width, viewport = _laid_out(page_path, chromium_path)
    assert len(boxes) >= 20
    assert {"wide/root", "wide/kid-519", "+4 more"} <= {box["text"] for box in boxes}
    _assert_legible(boxes, scroll_width, viewport)


def test_a_deep_ancestry_of_long_ids_stays_legible_without_scrolling_across(
        graph, tmp_path, chromium_path):  # noqa: F811
    # Ids of 90 characters (the Hub allows 96), each the child of the one before.
    names = [f"organisation-{n:02d}/Very-Long-Model-Name-Instruct-abliterated-"
             f"GGUF-Q4-K-M-imatrix-merged-v2-{n:02d}" for n in range(41)]
    chain = [hub_model(names[0], 1)] + [hub_model(names[n], 1, ("finetune", names[n - 1]))
                                        for n in range(1, 41)]
    load_files(graph, [write_crawl(tmp_path / "deep.json", chain)],
               rejects_path=tmp_path / "rejects.jsonl")
    report = lineage_report(graph, names[-1])
    assert len(report.ancestry) == 41
    page_path = tmp_path / "report.html"
    page_path.write_text(render_html(report), encoding="utf-8")
    boxes, scroll_width, viewport = _laid_out(page_path, chromium_path)
    # Every id is drawn whole, wrapped onto lines inside its box.
    assert sorted(box["text"] for box in boxes) == sorted(names)
    assert all(len(box["lines"]) >= 3 for box in boxes)
    _assert_legible(boxes, scroll_width, viewport)
