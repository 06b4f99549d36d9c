"""Every word in the reader's language: the pages, fragments, Markdown and command-line output
in French and Arabic hold no fragment of another language, except text marked with its own
(`lang` attribute and a visible note, such as a plan whose title exists only in English).

The word lists come from the message catalogue: every `[ar, fr, en]` triple (and
`Text::new(ar, fr, en)`) in the core's sources. A word of the English texts that no French
text uses is English; a word of the French texts that no English text uses is French.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

import shafaf
from shafaf.cli import main

ROOT = Path(__file__).resolve().parents[2]
LITERAL = r'"((?:[^"\\]|\\.)*)"'
TRIPLE = re.compile(r"(?:\[|Text::new\()\s*" + r"\s*,\s*".join([LITERAL] * 3) + r"\s*,?\s*(?:\]|\))")
ARABIC = re.compile(r"[\u0600-\u06ff]")
WORD = re.compile(r"[^\W\d_]{3,}")
# The notes that mark text shown in another language (core/src/i18n.rs, language_note).
NOTES = {
    "fr": ("(en arabe)", "(en anglais)", "(en français)", "(en amazighe)", "(langue : "),
    "ar": ("(بالعربية)", "(بالفرنسية)", "(بالإنجليزية)", "(بالأمازيغية)", "(باللغة "),
}


def catalogue() -> list[tuple[str, str, str]]:
    triples = []
    for source in (ROOT / "core" / "src").rglob("*.rs"):
        for ar, fr, en in TRIPLE.findall(source.read_text("utf-8")):
            if ARABIC.search(ar) and not ARABIC.search(fr + en):
                triples.append((ar, fr, en))
    return triples


def words(texts: list[str]) -> set[str]:
    return {w.lower() for text in texts for w in WORD.findall(text)}


# Words both languages write alike that the catalogue happens to use in one of them only, and
# the name of a format that is not translated ("Fiscal Data Package").
SHARED = {"provincial", "fiscal", "data", "package"}


def foreign_words() -> dict[str, set[str]]:
    triples = catalogue()
    french, english = words([t[1] for t in triples]) | SHARED, words([t[2] for t in triples]) | SHARED
    only_english, only_french = english - french, french - english
    return {"fr": only_english, "ar": only_english | only_french}


class _Text(HTMLParser):
    """The text a reader sees in the page's language: no style, and no element marked with
    another language (`lang` differs from the page's)."""

    VOID = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        own = dict(attrs).get("lang")
        hidden = tag == "style" or (own is not None and own != self.lang) or (bool(self.stack) and self.stack[-1])
        self.stack.append(hidden)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(output: str, lang: str) -> str:
    """The output's text in `lang`: text marked with another language left out (in HTML its
    element; in a page's <title>, Markdown and plain text, a line carrying a language note),
    and addresses (https://…), which are no language's words."""
    if output.lstrip().startswith("<"):
        parser = _Text(lang)
        parser.feed(output)
        lines = parser.parts
    else:
        lines = output.splitlines()
    kept = [line for line in lines if not any(note in line for note in NOTES[lang])]
    return re.sub(r"https?://\S+", " ", "\n".join(kept))


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    main(list(argv))
    return capsys.readouterr().out


def outputs(lang: str, capsys: pytest.CaptureFixture[str]) -> Iterator[tuple[str, str]]:
    citizen = shafaf.simplify(shafaf.bmk_budget_2025(), shafaf.bmk_budget_2025_options())
    yield "budget page", citizen.to_html(lang)
    yield "budget markdown", citizen.to_markdown(lang)
    yield "budget fragment", citizen.to_html(lang, fragment=True)
    yield "budget checklist", citizen.checklist().to_markdown(lang)
    plan = shafaf.bmk_action_plan()
    for form in ("html", "markdown", "html_fragment"):
        yield f"plan report ({form})", shafaf.render_report(plan, "2025-06-30", lang, form)
    petition = ROOT / "tests" / "data" / "petitions" / "region-bmk-short-khouribga.json"
    verdict = shafaf.check_petition_file(petition)
    yield "verdict page", verdict.to_html(lang)
    yield "verdict text", verdict.to_text(lang)
    if lang == "fr":  # the notebook views are French
        yield "checklist view", citizen.checklist()._repr_html_()
        yield "verdict view", verdict._repr_html_()
    yield "command line: bmk", cli(capsys, "bmk", "--date", "2025-06-30", "--lang", lang, "--no-pages")
    yield "command line: population", cli(capsys, "territory", "population", "MA-05", "--date", "2025-06-30", "--lang", lang)
    yield "command line: petition", cli(capsys, "petition", "check", str(petition), "--lang", lang)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_no_fragment_of_another_language(
    lang: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    foreign = foreign_words()[lang]
    assert {"the", "decree", "unconfirmed"} <= foreign, "the word list comes from the catalogue"
    found: dict[str, list[str]] = {}
    for name, output in outputs(lang, capsys):
        text = visible_text(output, lang)
        leaks = sorted({w for w in WORD.findall(text) if w.lower() in foreign})
        if lang == "fr" and ARABIC.search(text):
            leaks.append("Arabic script")
        # Arabic cites "القانون التنظيمي رقم 111.14", never the French abbreviation.
        if lang == "ar" and re.search(r"\bLO \d", text):
            leaks.append("LO")
        if leaks:
            found[name] = leaks
    assert found == {}, "\n".join(f"{name}: {leaks}" for name, leaks in found.items())


def test_untranslated_text_is_marked_with_its_language() -> None:
    plan = shafaf.bmk_action_plan().to_dict()
    plan["title"] = {"en": "Open Beni Mellal"}
    report = shafaf.render_report(shafaf.ActionPlan.from_dict(plan), "2025-06-30", "fr")
    assert '<span lang="en" dir="ltr">Open Beni Mellal</span> <small class="lang-note">(en anglais)</small>' in report
    markdown = shafaf.render_report(shafaf.ActionPlan.from_dict(plan), "2025-06-30", "ar", "markdown")
    assert "Open Beni Mellal (بالإنجليزية)" in markdown
