"""The replication report laid out like the paper (summary first, a section per analysis, raw
tables last and collapsed, no internal key shown), and disruption read both ways."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from lineage.analytics.jobs.analyses import AnalysisResult
from lineage.analytics.replication import published
from lineage.analytics.replication.figures import disruption_readings, figures
from lineage.ui.render import analysis_report

#: Index values worked by hand for two variants: the shares below are counted from them here.
INDEX = {"mdi": [-0.5, 0.0, 0.0, 0.0, 0.25, 1.0],  # 1 negative, 3 zero, 2 positive
         "mdi_lineage": [0.0, 0.0, 0.0, -1.0]}      # 1 negative, 3 zero
KEY = re.compile(r"\b[a-z_]+\.[a-z_]+\b")


def distribution(variant: str, values: list[float]) -> dict:
    return {"variant": variant, "models": len(values), "mean": sum(values) / len(values),
            "p5": min(values), "p25": 0.0, "median": 0.0, "p75": 0.0, "p95": max(values),
            "negative": sum(v < 0 for v in values) / len(values),
            "zero": sum(v == 0 for v in values) / len(values),
            "positive": sum(v > 0 for v in values) / len(values)}


def tables() -> dict[str, list[dict]]:
    kinds = ("random pair", "parent–child", "siblings")
    task = published.DRIFT["task"].ordering
    found = {
        "similarity.similarity": [
            {"text": text, "kind": kind, "measure": measure, "mean": 0.5, "low": 0.45,
             "high": 0.55, "pairs": 300}
            for text in ("metadata", "card") for measure in ("tfidf", "levenshtein",
                                                             "bag_of_words")
            for kind in kinds],
        "mutation.mutation": [{"trait": "license", "scope": scope, "distance": 1.0,
                               "edges": 10, "rate": 0.15} for scope in ("all edges",
                                                                        "finetune")],
        "drift.orderings": [{"trait": "task", "weighted": True, "ordering": list(task),
                             "agreeing": 9, "oriented": 10, "explained": 0.9,
                             "accounted_for": 0.95}],
        "drift.drift_graph": [{"trait": "task", "source": task[0], "target": task[1],
                               "weight": 3}],
        "documentation.documentation": [{"figure": "share of models with a card",
                                         "value": 0.6}],
        "race.race": [{"outcome": "log(1 + downloads)", "regressor": "log(rank)",
                       "coefficient": -0.25, "low": -0.33, "high": -0.17, "siblings": 900,
                       "parents": 90}],
        "disruption.distribution": [distribution(v, values) for v, values in INDEX.items()],
        "disruption.top": [],
    }
    found["replication"] = [f.as_row() for f in figures(found)]
    return found


class Headings(HTMLParser):
    """The text of every heading, summary, caption and figure caption, in order."""

    TAGS = {"h1", "h2", "h3", "h4", "summary", "caption", "figcaption"}

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in self.TAGS:
            self._open = tag
            self.found.append((tag, ""))

    def handle_endtag(self, tag):
        if tag == self._open:
            self._open = None

    def handle_data(self, data):
        if self._open:
            tag, text = self.found[-1]
            self.found[-1] = (tag, text + data)


def headings(page: str) -> list[tuple[str, str]]:
    parser = Headings()
    parser.feed(page)
    return parser.found


@pytest.fixture(scope="module")
def result() -> AnalysisResult:
    return AnalysisResult("all", {"seed": 0}, tables(), ["race: a note"])


def test_the_html_report_opens_with_a_summary_then_the_papers_sections(result):
    page = analysis_report.render(result, ".html")
    found = headings(page)
    sections = [text for tag, text in found if tag == "h2"]
    assert sections == ["Summary", "Kin similarity", "Mutation of traits", "Drift of traits",
                        "Documentation along lineage", "The race to release", "Disruption",
                        "Notes", "Raw tables"]
    compared = result.tables["replication"]
    agree = sum(r["verdict"] == "agrees" for r in compared)
    differ = sum(r["verdict"] == "differs" for r in compared)
    summary = page.split("<h2 id='summary'>")[1].split("<h2")[0]
    assert f"{len(compared)} published figures compared with this graph: {agree} agree, " \
           f"{differ} differ" in summary
    assert "Largest differences" in summary
    # Each section holds its plot and its compared figures with their verdicts.
    for anchor in ("similarity", "mutation", "drift", "race", "disruption"):
        section = page.split(f"<h2 id='{anchor}'>")[1].split("<h2")[0]
        assert "<svg" in section and "<th>verdict</th>" in section, anchor
    # The raw tables come last, collapsed, one per table of the result (transitions aside).
    raw = page.split("<h2 id='raw-tables'>")[1]
    assert raw.count("<details>") == len(result.tables)
    assert "<svg" not in raw


def test_no_heading_or_caption_shows_an_internal_key(result):
    for suffix in (".html", ".md"):
        page = analysis_report.render(result, suffix)
        if suffix == ".html":
            titles = [text for _, text in headings(page)]
        else:
            titles = [line.lstrip("#").strip() for line in page.splitlines()
                      if line.startswith("#")]
            titles += re.findall(r"!\[([^\]]*)\]", page)
        assert titles
        for title in titles:
            assert not KEY.search(title), (suffix, title)
        assert "similarity.similarity" not in page


def test_the_markdown_report_ends_with_its_raw_tables(result):
    markdown = analysis_report.render(result, ".md")
    headings_md = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings_md[0] == "## Summary" and headings_md[-1] == "## Raw tables"
    assert markdown.index("## Disruption") < markdown.index("## Raw tables")
    raw = markdown.split("## Raw tables\n")[1]
    assert "](data:image/png;base64," not in raw
    assert "### Kin similarity by text, kind of kin and measure (18 rows)" in raw


def test_the_report_gives_each_sign_and_both_readings_counted_from_the_values(result):
    markdown = analysis_report.render(result, ".md")
    section = markdown.split("## Disruption\n")[1].split("\n## ")[0]
    for variant, values in INDEX.items():
        negative = sum(v < 0 for v in values) / len(values)
        zero = sum(v == 0 for v in values) / len(values)
        positive = sum(v > 0 for v in values) / len(values)
        # "most" is more than half: 1 in 6 (or 4) is not, 4 in 6 (and 4 in 4) are.
        row = (f"| {variant} | {len(values)} | {negative:.3f} | {negative + zero:.3f} | "
               f"{zero:.3f} | {positive:.3f} | differs | agrees |")
        assert row in section, row
    verdicts = {r["figure"]: r["verdict"] for r in result.tables["replication"]}
    assert verdicts["mdi: share consolidating (negative)"] == "differs"
    assert verdicts["mdi: share not disruptive (zero or negative)"] == "agrees"


def test_most_means_more_than_half():
    assert disruption_readings(1, 1, 2)["verdict_not_disruptive"] == "differs"  # exactly half
    assert disruption_readings(3, 0, 2)["verdict_negative"] == "agrees"
    assert disruption_readings(2, 0, 2)["verdict_negative"] == "differs"
    empty = disruption_readings(0, 0, 0)
    assert empty["negative"] is None and empty["verdict_negative"] is None


def test_a_table_the_report_does_not_know_is_titled_in_words():
    assert analysis_report.table_title("drift.adjacent_pairs") == "Drift of traits: adjacent pairs"
    assert analysis_report.table_title("similarity.similarity") == (
        "Kin similarity by text, kind of kin and measure")
