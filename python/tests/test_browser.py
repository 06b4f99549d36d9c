"""The pages in a real browser: headless Chromium renders the BMK citizen budget page and the
BMK action plan's progress report and the verdict page (Arabic, French and English) to a PNG
screenshot and prints them to PDF; test_pages.py checks their accessibility and chart geometry.
Skipped, with the reason, when no Chromium binary is found (Debian: the `chromium` package; or
set SHAFAF_CHROMIUM to the binary)."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

import shafaf

WIDTH, HEIGHT = 1280, 1800
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def chromium() -> str:
    given = os.environ.get("SHAFAF_CHROMIUM")
    if given:
        return given
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip(
        "no Chromium binary found (looked for " + ", ".join(NAMES) + " on PATH, and SHAFAF_CHROMIUM); "
        "on Debian: apt-get install -y chromium"
    )


def headless(page: Path, profile: Path, *flags: str) -> None:
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *flags,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def screenshot(page: Path, tmp_path: Path) -> bytes:
    png = page.with_suffix(".png")
    headless(page, tmp_path / "profile", f"--screenshot={png}", f"--window-size={WIDTH},{HEIGHT}")
    return png.read_bytes()


def print_to_pdf(page: Path, tmp_path: Path) -> bytes:
    pdf = page.with_suffix(".pdf")
    headless(page, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    return pdf.read_bytes()


def assert_rendered(png: bytes) -> None:
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "a PNG"
    assert struct.unpack(">II", png[16:24]) == (WIDTH, HEIGHT)
    # A blank page of this size compresses to a few kilobytes; text, tables and charts do not.
    assert len(png) > 40_000, f"the screenshot looks empty ({len(png)} bytes)"


def assert_printed(pdf: bytes, *, a4: bool) -> int:
    assert pdf.startswith(b"%PDF-"), "a PDF"
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages >= 1, "the PDF has pages"
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert len(boxes) == pages, boxes
    if a4:
        # The stylesheet asks for A4: 595 x 842 points (Chromium writes 594.96 x 841.92).
        assert all(abs(float(w) - 595) < 2 and abs(float(h) - 842) < 2 for w, h in boxes), boxes
    return pages


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_the_bmk_citizen_budget_page_renders_and_prints(tmp_path: Path, lang: str) -> None:
    citizen = shafaf.simplify(shafaf.bmk_budget_2025(), shafaf.bmk_budget_2025_options())
    page = tmp_path / f"citizen-budget-{lang}.html"
    page.write_text(citizen.to_html(lang), encoding="utf-8")
    assert_rendered(screenshot(page, tmp_path))
    pages = assert_printed(print_to_pdf(page, tmp_path), a4=True)
    assert pages >= 2, "four tables with their charts and a glossary fill several A4 pages"


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_the_bmk_plan_report_renders_and_prints(tmp_path: Path, lang: str) -> None:
    page = tmp_path / f"plan-report-{lang}.html"
    page.write_text(shafaf.render_report(shafaf.bmk_action_plan(), "2025-06-30", lang), encoding="utf-8")
    assert_rendered(screenshot(page, tmp_path))
    # The report sets no page size (@page): Chromium prints it on its default paper.
    assert_printed(print_to_pdf(page, tmp_path), a4=False)


def test_the_notebook_views_render(tmp_path: Path) -> None:
    citizen = shafaf.simplify(shafaf.bmk_budget_2025(), shafaf.bmk_budget_2025_options())
    status = shafaf.status_as_of(shafaf.bmk_action_plan(), "2025-06-30")
    page = tmp_path / "notebook.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
        + citizen._repr_html_()
        + status._repr_html_()
        + "</body></html>",
        encoding="utf-8",
    )
    assert_rendered(screenshot(page, tmp_path))


BUDGET_DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "budget"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_commune_page_from_the_ministry_layout_shows_its_warnings(tmp_path: Path, lang: str) -> None:
    citizen = shafaf.simplify(BUDGET_DATA / "commune-ministry-layout.csv", layout="ministry")
    page = tmp_path / f"commune-{lang}.html"
    page.write_text(citizen.to_html(lang), encoding="utf-8")
    png = screenshot(page, tmp_path)
    assert_rendered(png)
    # What the browser shows: the wrong printed total and the proposed classification, at the top.
    done = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'dom'}",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    dom = done.stdout
    alerts = [alert.replace("&nbsp;", "\u00a0")
              for alert in re.findall(r'<p class="note warning" role="alert">([^<]*)</p>', dom)]
    expected = {"fr": "Ligne 10\u00a0: le total imprimé 830\u202f000,00", "ar": "السطر 10"}[lang]
    assert any(expected in alert for alert in alerts), alerts
    assert dom.index('role="alert"') < dom.index("<main>"), "the warnings come before the figures"


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_the_verdict_page_renders_and_prints_on_a4(tmp_path: Path, lang: str) -> None:
    root = Path(__file__).resolve().parents[2]
    verdict = shafaf.check_petition_file(root / "tests" / "data" / "petitions" / "region-bmk-short-khouribga.json")
    page = tmp_path / f"verdict-{lang}.html"
    page.write_text(verdict.to_html(lang), encoding="utf-8")
    assert_rendered(screenshot(page, tmp_path))
    assert_printed(print_to_pdf(page, tmp_path), a4=True)
