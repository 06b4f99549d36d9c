"""The three pages as a citizen meets them, in a real browser: the citizen budget, the plan's
progress report and the petition verdict, in Arabic, French and English.

Playwright drives the system Chromium (never a browser of its own). Two checks:

* axe-core 4.12 (shipped by axe-playwright-python) audits each page against WCAG 2.1 A and AA:
  no serious or critical violation;
* every text of every chart stays inside its SVG's viewBox and no label is cut: each row of
  the table under a chart is found whole in the chart's labels. The charts include the longest
  category labels of the built-in mappings (tests/data/pages/longest-labels.json, kept fresh
  by core/tests/generated.rs) and a bar of 100 %;
* every bar and dot contrasts with the white page by at least 3:1 (WCAG 2.1, 1.4.11; axe
  checks the text).

Skipped, with the reason, only when no Chromium binary is found (see test_browser.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

import shafaf
from test_browser import chromium

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("ar", "fr", "en")
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    binary = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=binary, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    opened = browser.new_page(viewport={"width": 1280, "height": 1800})
    yield opened
    opened.close()


def bmk_citizen_budget() -> shafaf.CitizenBudget:
    return shafaf.simplify(shafaf.bmk_budget_2025(), shafaf.bmk_budget_2025_options())


def citizen_budget_with_long_labels() -> shafaf.CitizenBudget:
    """The BMK citizen budget with its expenditure rows named by the longest labels of the
    presets, and its revenue in one row: a bar of 100 %."""
    document: dict[str, Any] = bmk_citizen_budget().to_dict()
    longest = json.loads((ROOT / "tests" / "data" / "pages" / "longest-labels.json").read_text("utf-8"))
    rows = document["expenditure"]["rows"]
    for index, row in enumerate(rows):
        row["label"] = {lang: longest[lang][index % len(longest[lang])] for lang in LANGS}
    revenue = document["revenue"]
    first = revenue["rows"][0]
    first.update(displayed=revenue["total_displayed"], share_percent="100", members=[], kind="category")
    first.pop("change", None)
    revenue["rows"] = [first]
    return shafaf.CitizenBudget.from_dict(document)


def pages(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    verdict = shafaf.check_petition_file(ROOT / "tests" / "data" / "petitions" / "region-bmk-short-khouribga.json")
    plan = shafaf.bmk_action_plan()
    long_labels = citizen_budget_with_long_labels()
    for lang in LANGS:
        documents = {
            "citizen-budget": bmk_citizen_budget().to_html(lang),
            "long-labels": long_labels.to_html(lang),
            "plan-report": shafaf.render_report(plan, "2025-06-30", lang),
            "verdict": verdict.to_html(lang),
        }
        for name, html in documents.items():
            path = tmp_path / f"{name}-{lang}.html"
            path.write_text(html, encoding="utf-8")
            yield f"{name}-{lang}", path


def test_the_long_labels_page_has_a_full_bar_and_the_longest_labels() -> None:
    budget = citizen_budget_with_long_labels()
    assert [str(r.share_percent) for r in budget.revenue.rows] == ["100"]
    longest = json.loads((ROOT / "tests" / "data" / "pages" / "longest-labels.json").read_text("utf-8"))
    assert budget.expenditure.rows[0].label["fr"] == longest["fr"][0]


def test_axe_finds_no_serious_or_critical_violation(tmp_path: Path, page: Page) -> None:
    found: dict[str, list[str]] = {}
    audited = 0
    for name, path in pages(tmp_path):
        page.goto(path.as_uri())
        results = Axe().run(page, options=WCAG_AA)
        audited += 1
        serious = [
            f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[name] = serious
    assert audited == 12
    assert found == {}


# Reads every chart from the browser: the viewBox, each text's box in the SVG's units and its
# words, and the row labels of the table that follows the chart's figure.
READ_CHARTS = """() => [...document.querySelectorAll('svg')].map(svg => {
  const box = svg.viewBox.baseVal;
  const figure = svg.closest('figure');
  let table = figure ? figure.nextElementSibling : null;
  while (table && table.tagName !== 'TABLE') { table = table.nextElementSibling; }
  return {
    viewBox: [box.x, box.y, box.width, box.height],
    texts: [...svg.querySelectorAll('text')].map(text => {
      const b = text.getBBox();
      const lines = [...text.querySelectorAll('tspan')].map(t => t.textContent);
      return {box: [b.x, b.y, b.width, b.height], text: lines.length ? lines.join(' ') : text.textContent};
    }),
    rows: table ? [...table.querySelectorAll('tbody th[scope=row]')].map(th => {
      const own = th.querySelector('[lang]');
      return (own ? own.textContent : th.textContent).replace(/ \\(\\d+\\)$/, '').replace(/ \\*$/, '');
    }) : [],
  };
})"""


def test_no_chart_text_leaves_its_viewport_or_is_cut(tmp_path: Path, page: Page) -> None:
    charts = 0
    for name, path in pages(tmp_path):
        page.goto(path.as_uri())
        for chart in page.evaluate(READ_CHARTS):
            charts += 1
            left, top, width, height = chart["viewBox"]
            for text in chart["texts"]:
                x, y, w, h = text["box"]
                inside = x >= left - 0.5 and y >= top - 0.5 and x + w <= left + width + 0.5 and y + h <= top + height + 0.5
                assert inside, f"{name}: {text['text']!r} at {text['box']} leaves {chart['viewBox']}"
                assert "…" not in text["text"], f"{name}: {text['text']!r} is cut"
            labels = {t["text"] for t in chart["texts"]}
            for row in chart["rows"]:
                assert row in labels, f"{name}: the row {row!r} is not whole in the chart ({sorted(labels)})"
    # Four charts on each budget page, a timeline per commitment on each plan report.
    assert charts >= 3 * (4 + 4)


# The colour each bar and dot shows: its fill, or its outline when it is filled with white.
READ_SHAPES = """() => [...document.querySelectorAll('svg rect, svg circle')].map(shape => {
  const style = getComputedStyle(shape);
  const white = ['rgb(255, 255, 255)', 'none'].includes(style.fill);
  return white ? style.stroke : style.fill;
})"""


def contrast_with_white(colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in colour[colour.index("(") + 1 : -1].split(",")[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return 1.05 / (luminance + 0.05)


def test_every_bar_and_dot_stands_out_from_the_page(tmp_path: Path, page: Page) -> None:
    shapes = 0
    for name, path in pages(tmp_path):
        page.goto(path.as_uri())
        for colour in page.evaluate(READ_SHAPES):
            shapes += 1
            assert contrast_with_white(colour) >= 3, f"{name}: {colour} against white"
    assert shapes > 100
