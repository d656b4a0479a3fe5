"""The replication report opened from disk in a real headless Chromium at 1,400 px: nothing is
wider than the page, it opens with its summary, and no heading shows an internal key."""

from __future__ import annotations

import pytest

from lineage.analytics.jobs.analyses import AnalysisResult
from lineage.ui.render import analysis_report
from tests.browser.test_app_in_chromium import CHROMIUM_ARGS, chromium_path  # noqa: F401
from tests.unit.test_replication_layout import KEY, tables

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1400, "height": 900}


def test_the_report_fits_the_page_and_opens_with_its_summary(tmp_path, chromium_path):  # noqa: F811
    from playwright.sync_api import sync_playwright

    found = tables()
    # A wide raw table: one row whose cells hold long orderings.
    found["drift.orderings"][0]["ordering"] = [f"value-{i}-" + "x" * 30 for i in range(40)]
    page_path = tmp_path / "report.html"
    page_path.write_text(analysis_report.render(AnalysisResult("all", {"seed": 0}, found),
                                                ".html"), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path),
                                             args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            # Every collapsed table open too: the widest state the page can be in.
            for opened in (False, True):
                if opened:
                    page.evaluate("() => document.querySelectorAll('details')"
                                  ".forEach(d => d.open = true)")
                width = page.evaluate("() => document.documentElement.scrollWidth")
                assert width <= VIEWPORT["width"], (opened, width)
                wider = page.evaluate("""() => [...document.querySelectorAll('svg, img')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth).length""")
                assert wider == 0
            assert page.locator("h2").first.inner_text() == "Summary"
            titles = page.locator("h1, h2, h3, summary, figcaption").all_inner_texts()
            assert "Disruption" in titles
            assert not [title for title in titles if KEY.search(title)]
            assert page.locator("details").count() == len(found)
        finally:
            browser.close()
