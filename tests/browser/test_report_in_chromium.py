"""A lineage report opened from disk in a real headless Chromium: it requests nothing but
itself, runs no script that the data carries, draws the family tree, and prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from lineage.analytics.reads.reports import lineage_report
from lineage.loader.files import load_files
from lineage.ui.render.lineage_report import render_html
from tests.browser.test_app_in_chromium import CHROMIUM_ARGS, chromium_path  # noqa: F401
from tests.families import hub_model, write_crawl

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
