"""The ``shafaf`` command line.

Readable output by default (``--lang ar|fr|en``, French unless told), JSON with ``--json``.
Errors are printed as ``shafaf: error[<code> <name>]: <message>`` on stderr with exit status 2,
never as a traceback. Every computation is the Rust core's; this module only formats.

    shafaf bmk [--date D] [--lang L] [--holidays FILE] [--out DIR] [--no-pages]
    shafaf session next --level LEVEL --after D [--window W] [--holidays FILE]
    shafaf session year --level LEVEL --year Y [--holidays FILE]
    shafaf territory list [--level LEVEL] [--territories FILE]
    shafaf territory show CODE
    shafaf territory population CODE [--date D] [--census-policy P]
    shafaf calendar holidays --year Y [--holidays FILE]
    shafaf calendar working-day D
    shafaf calendar add-months D N
    shafaf petition check [FILE] [--request FILE] [--level L --territory T --petitioner P --received D ...]
                          [--signatories LIST] [--sheet NAME] [--date-format F] [--html PAGE]
                          [--territories FILE] [--holidays FILE]
    shafaf petition init [--out FILE] [--level L ...]
    shafaf petition rules
    shafaf budget simplify FILE [--year Y | --info-json J] [--format-json J] [--fdp] [--previous FILE] [--out DIR]
    shafaf budget bmk [--out DIR]
    shafaf plan validate|status|report [FILE] [--date D] [--policy-json J]
    shafaf plan import ogp|decidim FILE [--timeline FILE] [--plan FILE] [--out DIR]
                       [--options-json J] [--default-locale TAG]
    shafaf plan export [FILE] --date D --out DIR [--options-json J] [--default-locale TAG] [--status-ids K=ID,...]

``petition check`` exits with 0 when the petition is admissible, 1 when it is inadmissible or
incomplete, 2 on errors; ``plan validate`` with 0 when the plan is valid (warnings allowed), 1
when a finding is an error.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Callable, Optional, TextIO, Union

from shafaf._enums import Level
from shafaf._errors import ShafafError
from shafaf._native import (
    ActionPlan,
    CitizenBudget,
    HolidayCalendar,
    SimplifyOptions,
    LegalRef,
    OrdinarySession,
    PopulationInForce,
    Territories,
    Territory,
    __version__,
    add_months,
    assessment_schedule,
    bmk_action_plan,
    bmk_budget_2025,
    bmk_budget_2025_options,
    check_petition,
    check_petition_file,
    colon,
    command_line_text,
    format_decimal,
    format_percent,
    group_thousands,
    error_message,
    PetitionRequest,
    petition_request_fields,
    petition_request_template,
    export_decidim,
    file_names,
    import_decidim,
    import_ogp_csv,
    render_report,
    simplify,
    simplify_years,
    status_as_of,
    validate,
    next_ordinary_session,
    ordinary_sessions_in_year,
    parse_date,
    petition_rules,
)

__all__ = ["main"]

EXIT_ERROR = 2
"""Exit status for every error (bad input, unknown territory, unreadable file, bad usage)."""

EXIT_NOT_ADMISSIBLE = 1
"""Exit status of ``petition check`` when the petition is inadmissible or incomplete."""

BMK_REGION = "MA-05"
"""The embedded Béni Mellal-Khénifra region, the main job's subject."""

BMK_OUT = Path("out") / "bmk"
"""Where ``shafaf bmk`` writes its pages, relative to the current directory."""

BUDGET_OUT = Path("out") / "budget"
"""Where ``shafaf budget simplify`` writes its files by default."""



def _label(lang: str, key: str, **values: object) -> str:
    """A text of the core's command-line catalogue, its placeholders filled."""
    return command_line_text(key, lang).format(**values)


def _number(value: int, lang: str) -> str:
    return group_thousands(value, lang)


def _iso(value: datetime.date) -> str:
    return value.isoformat()


# --- loading -------------------------------------------------------------------------------


def _calendar(files: Optional[Sequence[str]]) -> HolidayCalendar:
    calendar = HolidayCalendar.morocco()
    for path in files or ():
        calendar.load_file(path)
    return calendar


def _territories(files: Optional[Sequence[str]]) -> Territories:
    territories = Territories.embedded()
    for path in files or ():
        territories.load_file(path)
    return territories


def _census_policy(text: str) -> Union[str, int]:
    return int(text) if text.strip().isdigit() else text


def _sheet(text: Optional[str]) -> Union[str, int, None]:
    """A --sheet value: digits are a 0-based position, anything else a sheet name."""
    return None if text is None else (int(text) if text.strip().isdigit() else text)


def _today() -> str:
    return datetime.date.today().isoformat()


def _date(text: Optional[str], name: str) -> datetime.date:
    """A date typed on the command line: YYYY-MM-DD or DD/MM/YYYY (today when not given)."""
    return parse_date(text or _today(), name, day_first=True)


# --- output --------------------------------------------------------------------------------


def _print_json(document: Any, out: TextIO) -> None:
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _population_dict(result: PopulationInForce, territory: Territory, lang: str) -> dict[str, Any]:
    document = result.to_dict()
    document["name"] = territory.name_in(lang)
    document["level"] = str(territory.level)
    return document


def _population_rows(
    rows: Sequence[tuple[Territory, PopulationInForce]], lang: str, out: TextIO
) -> None:
    code_width = max(len(t.code) for t, _ in rows)
    name_width = max(len(t.name_in(lang)) for t, _ in rows)
    figures = [_number(p.population, lang) for _, p in rows]
    figure_width = max(len(f) for f in figures)
    unconfirmed_sources: list[str] = []
    for (territory, result), figure in zip(rows, figures):
        line = f"  {territory.code:<{code_width}}  {territory.name_in(lang):<{name_width}}  {figure:>{figure_width}}"
        if not result.confirmed:
            line += f"  * {_label(lang, 'unconfirmed')}"
            source = result.source_in(lang) or "?"
            if source not in unconfirmed_sources:
                unconfirmed_sources.append(source)
        out.write(line.rstrip() + "\n")
    for source in unconfirmed_sources:
        out.write("  " + _label(lang, "unconfirmed_note", source=source) + "\n")


def _missing_religious_years(sessions: Sequence[OrdinarySession]) -> list[int]:
    return sorted({s.year for s in sessions if not s.religious_dates_known})


def _write_session(session: OrdinarySession, lang: str, out: TextIO, indent: str = "") -> None:
    """The core's sentence, then the religious holidays the date relies on."""
    bullet = "- " if indent else ""
    out.write(f"{indent}{bullet}{session.describe(lang)}\n")
    assumed = session.describe_religious_holidays(lang)
    if assumed:
        out.write(f"{indent}  {_label(lang, 'religious_assumed')}\n")
        for phrase in assumed:
            out.write(f"{indent}    * {phrase}\n")


# --- commands ------------------------------------------------------------------------------


def _cmd_bmk(args: argparse.Namespace, out: TextIO) -> int:
    lang: str = args.lang
    date = _date(args.date, "date")
    territories = _territories(args.territories)
    calendar = _calendar(args.holidays)
    region = territories.get(BMK_REGION)
    members = [region, *territories.children(BMK_REGION)]
    rows = [(t, territories.legal_population(t.code, date)) for t in members]
    councils = [Level.REGION, Level.PREFECTURE_OR_PROVINCE, Level.COMMUNE]
    sessions = [next_ordinary_session(level, date, calendar) for level in councils]
    missing = _missing_religious_years(sessions)
    files: dict[str, Path] = {}
    if not args.no_pages:
        files = _bmk_pages(Path(args.out), lang, rows[0][1].date, territories)
    if args.json:
        _print_json(
            {
                "date": rows[0][1].date.isoformat(),
                "region": BMK_REGION,
                "census": rows[0][1].census.to_dict(),
                "census_policy": str(rows[0][1].policy),
                "populations": [_population_dict(p, t, lang) for t, p in rows],
                "sessions": [
                    {**s.to_dict(), "description": s.describe(lang)} for s in sessions
                ],
                "religious_holidays_missing_for": missing,
                "files": {name: str(path) for name, path in files.items()},
            },
            out,
        )
        return 0
    on = rows[0][1].date
    out.write(f"{region.name_in(lang)} ({region.code})\n\n")
    out.write(_label(lang, "population_on", date=_iso(on)) + "\n")
    out.write("  " + rows[0][1].census_line(lang) + "\n")
    _population_rows(rows, lang, out)
    out.write("\n" + _label(lang, "sessions_after", date=_iso(on)) + "\n")
    for session in sessions:
        _write_session(session, lang, out, "  ")
    if missing:
        years = ", ".join(str(y) for y in missing)
        out.write("\n" + _label(lang, "no_religious", years=years) + "\n")
    if files:
        out.write("\n" + _label(lang, "pages_written", directory=args.out) + "\n")
        _file_lines(files, out)
    return 0


def _cmd_session_next(args: argparse.Namespace, out: TextIO) -> int:
    calendar = _calendar(args.holidays)
    session = next_ordinary_session(args.level, _date(args.after, "after"), calendar, args.window)
    if args.json:
        _print_json({**session.to_dict(), "description": session.describe(args.lang)}, out)
    else:
        _write_session(session, args.lang, out)
    return 0


def _cmd_session_year(args: argparse.Namespace, out: TextIO) -> int:
    calendar = _calendar(args.holidays)
    sessions = ordinary_sessions_in_year(args.level, args.year, calendar)
    if args.json:
        _print_json([{**s.to_dict(), "description": s.describe(args.lang)} for s in sessions], out)
        return 0
    out.write(_label(args.lang, "sessions_in", year=args.year) + "\n")
    for session in sessions:
        _write_session(session, args.lang, out, "  ")
    return 0


def _cmd_territory_list(args: argparse.Namespace, out: TextIO) -> int:
    territories = _territories(args.territories)
    chosen = territories.list(args.level)
    if args.json:
        _print_json([t.to_dict() for t in chosen], out)
        return 0
    out.write(_label(args.lang, "territories", count=len(chosen)) + "\n")
    if not chosen:
        return 0
    code_width = max(len(t.code) for t in chosen)
    level_width = max(len(_label(args.lang, str(t.level))) for t in chosen)
    for territory in chosen:
        parent = territory.parent or ""
        line = f"  {territory.code:<{code_width}}  {_label(args.lang, str(territory.level)):<{level_width}}  {territory.name_in(args.lang)}"
        if parent:
            line += f"  ({parent})"
        out.write(line + "\n")
    return 0


def _cmd_territory_show(args: argparse.Namespace, out: TextIO) -> int:
    territories = _territories(args.territories)
    territory = territories.get(args.code)
    if args.json:
        _print_json(territory.to_dict(), out)
        return 0
    lang: str = args.lang
    out.write(f"{territory.name_in(lang)} ({territory.code})\n")
    for language, name in territory.name.items():
        out.write(f"  {language}: {name}\n")
    out.write(f"  {_label(lang, 'level')}: {_label(lang, str(territory.level))}\n")
    if territory.parent:
        parent = territories.get(territory.parent)
        out.write(f"  {_label(lang, 'parent')}: {parent.name_in(lang)} ({parent.code})\n")
    if territory.arrondissements:
        out.write(f"  {_label(lang, 'arrondissements')}: {_label(lang, 'yes')}\n")
    if territory.populations:
        out.write(f"  {_label(lang, 'populations')}:\n")
        for figure in territory.populations:
            flag = "" if figure.confirmed else f"  * {_label(lang, 'unconfirmed')}"
            out.write(f"    RGPH {figure.census}: {_number(figure.population, lang)}{flag}\n")
            source = figure.source_in(lang)
            if source:
                out.write(f"      {source}\n")
    return 0


def _cmd_territory_population(args: argparse.Namespace, out: TextIO) -> int:
    territories = _territories(args.territories)
    territory = territories.get(args.code)
    result = territories.legal_population(
        args.code, _date(args.date, "date"), _census_policy(args.census_policy)
    )
    if args.json:
        _print_json(_population_dict(result, territory, args.lang), out)
        return 0
    out.write(_label(args.lang, "population_on", date=_iso(result.date)) + "\n")
    out.write("  " + result.census_line(args.lang) + "\n")
    _population_rows([(territory, result)], args.lang, out)
    return 0


def _cmd_calendar_holidays(args: argparse.Namespace, out: TextIO) -> int:
    calendar = _calendar(args.holidays)
    holidays = calendar.holidays_in_year(args.year)
    if args.json:
        _print_json([h.to_dict() for h in holidays], out)
        return 0
    out.write(_label(args.lang, "holidays_in", year=args.year) + "\n")
    for holiday in holidays:
        out.write(f"  {_iso(holiday.date)}  {_label(args.lang, str(holiday.kind)):<11}  {holiday.name_in(args.lang)}\n")
    religious = calendar.describe_religious_holidays(args.year, args.lang)
    if religious:
        out.write(_label(args.lang, "religious_of_year", year=args.year) + "\n")
        for phrase in religious:
            out.write(f"  * {phrase}\n")
    if not calendar.religious_dates_known_for(args.year):
        out.write(_label(args.lang, "no_religious_year", year=args.year) + "\n")
    return 0


def _cmd_calendar_working_day(args: argparse.Namespace, out: TextIO) -> int:
    date = _date(args.date, "date")
    calendar = _calendar(args.holidays)
    working = calendar.is_working_day(date)
    holidays = calendar.holidays_on(date)
    answer = calendar.next_working_day_explained(date)
    following = parse_date(answer["date"], "date")
    if args.json:
        _print_json(
            {
                "date": _iso(date),
                "working_day": working,
                "holidays": [h.to_dict() for h in holidays],
                "next_working_day": _iso(following),
                "religious_assumptions": answer["assumptions"],
                "next_working_day_could_also_be": answer["could_also_be"],
            },
            out,
        )
        return 0
    key = "working_day" if working else "not_working_day"
    line = _label(args.lang, key, date=_iso(date))
    reasons = [h.name_in(args.lang) for h in holidays]
    if not working and not reasons:
        reasons.append(_label(args.lang, "weekend"))
    if reasons:
        line += f" ({'; '.join(reasons)})"
    out.write(line + "\n")
    out.write(_label(args.lang, "next_working_day", date=_iso(following)) + "\n")
    if answer["could_also_be"]:
        dates = ", ".join(answer["could_also_be"])
        out.write(_label(args.lang, "could_also_be", dates=dates) + "\n")
    return 0


def _cmd_calendar_add_months(args: argparse.Namespace, out: TextIO) -> int:
    date = _date(args.date, "date")
    result = add_months(date, args.months)
    if args.json:
        _print_json({"date": _iso(date), "months": args.months, "result": _iso(result)}, out)
    else:
        out.write(_iso(result) + "\n")
    return 0


# Words of the petition commands; the request's fields, their help and the verdict come from
# the core (petition_request_fields, Verdict.to_text / to_html) in the same language.
PETITION_WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "petition": "recevabilité des pétitions (statut 1 si non recevable)",
        "check": "vérifier une pétition et afficher la décision",
        "check_description": (
            "Vérifie une pétition : la liste des signataires (FICHIER .csv), la demande donnée par les "
            "options ci-dessous, par un fichier de demande (--request, écrit par « petition init ») ou par "
            "un fichier de pétition JSON ; les options l'emportent sur le fichier. Affiche chaque condition "
            "avec son article, les signatures comptées et les délais. Statut : 0 recevable, 1 irrecevable "
            "ou incomplète, 2 erreur."
        ),
        "init": "écrire un fichier de demande commenté, à remplir puis à lire avec --request",
        "rules": "le barème : chaque paramètre daté avec son article",
        "file": "la liste des signataires (.csv), ou un fichier de pétition (.json)",
        "request": "un fichier de demande (« nom = valeur », écrit par petition init) ou de pétition (.json)",
        "signatories": "une liste de signataires (.csv, .xlsx, .xls, .ods), à la place de celle du fichier de pétition",
        "sheet": "la feuille du classeur qui porte les signataires : un nom, ou une position à partir de 0 (défaut : la première)",
        "date_format": "comment la liste écrit les dates (défaut : détecté, en refusant une liste qui se lit de deux façons)",
        "html": "écrire aussi la décision en page HTML imprimable (A4) dans PAGE",
        "out": "où écrire le fichier de demande (par défaut : la sortie standard)",
        "lang": "langue de sortie (par défaut : fr)",
        "json": "afficher du JSON au lieu du texte",
        "holidays": "un fichier .json ou .csv de fêtes religieuses ou exceptionnelles (répétable)",
        "territories": "un fichier .json ou .csv de collectivités ajoutées à celles intégrées (répétable)",
        "command_line": "ligne de commande",
        "error": "shafaf : erreur {code} : {message}",
        "page_written": "Page de la décision écrite : {path}",
        "template_written": "Fichier de demande écrit : {path} (à remplir, puis : shafaf petition check LISTE.csv --request {path})",
    },
    "ar": {
        "petition": "قبول العرائض (الحالة 1 إذا كانت غير مقبولة)",
        "check": "فحص عريضة وعرض القرار",
        "check_description": (
            "يفحص عريضة: لائحة الموقعين (الملف .csv)، والطلب المعطى بالخيارات أدناه أو بملف طلب "
            "(--request، يكتبه «petition init») أو بملف عريضة JSON؛ الخيارات تتقدم على الملف. يعرض كل "
            "شرط مع مادته، والتوقيعات المحتسبة، والآجال. الحالة: 0 مقبولة، 1 غير مقبولة أو غير مكتملة، 2 خطأ."
        ),
        "init": "كتابة ملف طلب مع شروح، يملأ ثم يقرأ ب --request",
        "rules": "القواعد: كل معيار مؤرخ مع مادته",
        "file": "لائحة الموقعين (.csv) أو ملف عريضة (.json)",
        "request": "ملف طلب («الاسم = القيمة»، يكتبه petition init) أو ملف عريضة (.json)",
        "signatories": "لائحة موقعين (.csv أو .xlsx أو .xls أو .ods) بدل لائحة ملف العريضة",
        "sheet": "ورقة المصنف التي تحمل الموقعين: اسم، أو رتبة تبدأ من 0 (افتراضيا: الأولى)",
        "date_format": "كيفية كتابة التواريخ في اللائحة (افتراضيا: تُكتشف، مع رفض لائحة تُقرأ بطريقتين)",
        "html": "كتابة القرار أيضا في صفحة HTML قابلة للطبع (A4) في PAGE",
        "out": "مكان كتابة ملف الطلب (افتراضيا: المخرج العادي)",
        "lang": "لغة المخرجات (افتراضيا: fr)",
        "json": "عرض JSON بدل النص",
        "holidays": "ملف .json أو .csv للأعياد الدينية أو الاستثنائية (قابل للتكرار)",
        "territories": "ملف .json أو .csv لجماعات ترابية تضاف إلى المدمجة (قابل للتكرار)",
        "command_line": "سطر الأوامر",
        "error": "shafaf: خطأ {code}: {message}",
        "page_written": "كتبت صفحة القرار: {path}",
        "template_written": "كتب ملف الطلب: {path} (يملأ، ثم: shafaf petition check اللائحة.csv --request {path})",
    },
    "en": {
        "petition": "petition admissibility (exit 1 when not admissible)",
        "check": "check a petition and print the verdict",
        "check_description": (
            "Checks a petition: the signatory list (FILE, .csv), the request given by the options below, "
            "by a request file (--request, written by `petition init`) or by a petition JSON file; options "
            "override the file. Prints every condition with its article, the signature counts and the "
            "deadlines. Exit status: 0 admissible, 1 inadmissible or incomplete, 2 error."
        ),
        "init": "write a commented request file, to fill in and read back with --request",
        "rules": "the rule book: every dated parameter with its article",
        "file": "the signatory list (.csv), or a petition file (.json)",
        "request": "a request file (`name = value`, written by petition init) or a petition file (.json)",
        "signatories": "a signatory list (.csv, .xlsx, .xls, .ods), in place of the petition file's",
        "sheet": "the workbook sheet holding the signatories: a name, or a 0-based position (default: the first)",
        "date_format": "how the list writes dates (default: detected, refusing a list that reads two ways)",
        "html": "also write the verdict as a printable HTML page (A4) to PAGE",
        "out": "where to write the request file (default: standard output)",
        "lang": "output language (default: fr)",
        "json": "print JSON instead of text",
        "holidays": "a .json or .csv file of religious/exceptional holidays (repeatable)",
        "territories": "a .json or .csv file of territories added to the embedded ones (repeatable)",
        "command_line": "command line",
        "error": "shafaf: error[{code} {name}]: {message}",
        "page_written": "Verdict page written: {path}",
        "template_written": "Request file written: {path} (fill it in, then: shafaf petition check LIST.csv --request {path})",
    },
}


def _words(lang: str, key: str, **values: object) -> str:
    return PETITION_WORDS[lang][key].format(**values)


def _field_dest(name: str) -> str:
    return "field_" + name.replace("-", "_")


def _settings(args: argparse.Namespace) -> list[tuple[str, str]]:
    """The request fields given as flags, by their core names."""
    return [
        (field["name"], value)
        for field in petition_request_fields()
        if (value := getattr(args, _field_dest(field["name"]), None)) is not None
    ]


def _cmd_petition_check(args: argparse.Namespace, out: TextIO) -> int:
    lang: str = args.lang
    settings = _settings(args)
    source = _words(lang, "command_line")
    file: Optional[str] = args.file
    base: Optional[str] = args.request
    if base is None and file is not None and file.lower().endswith(".json"):
        base, file = file, None
    signatories = args.signatories or file
    sheet = _sheet(args.sheet)
    territories = _territories(args.territories)
    calendar = _calendar(args.holidays)
    if base is not None:
        verdict = check_petition_file(
            base,
            signatories,
            sheet=sheet,
            date_format=args.date_format,
            territories=territories,
            calendar=calendar,
            settings=settings,
            settings_source=source,
        )
    else:
        request = PetitionRequest.from_settings(settings, source=source)
        verdict = check_petition(
            request, signatories, sheet=sheet, date_format=args.date_format, territories=territories, calendar=calendar
        )
    if args.html:
        _write(Path(args.html), verdict.to_html(lang))
    if args.json:
        _print_json(verdict.to_dict(), out)
    else:
        out.write(verdict.to_text(lang))
        if args.html:
            out.write("\n" + _words(lang, "page_written", path=args.html) + "\n")
    return 0 if verdict.admissible else EXIT_NOT_ADMISSIBLE


def _cmd_petition_init(args: argparse.Namespace, out: TextIO) -> int:
    lang: str = args.lang
    settings = _settings(args)
    # The core checks each value given, so the file holds no typo.
    text = petition_request_template(lang, settings, source=_words(lang, "command_line"))
    if args.out:
        _write(Path(args.out), text)
        out.write(_words(lang, "template_written", path=args.out) + "\n")
    else:
        out.write(text)
    return 0


def _rule_value(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return _label(lang, "yes" if value else "no")
    if isinstance(value, int):
        return _number(value, lang)
    if isinstance(value, list):  # population bands
        bands = []
        for band in value:
            low = _number(band["min_population"], lang)
            high = band.get("max_population")
            span = f"≥ {low}" if high is None else f"{low}–{_number(high, lang)}"
            bands.append(f"{span} → {_number(band['required'], lang)}")
        return "; ".join(bands)
    return str(value)


def _cmd_petition_rules(args: argparse.Namespace, out: TextIO) -> int:
    rules = petition_rules()
    if args.json:
        _print_json(rules, out)
        return 0
    lang: str = args.lang
    out.write(_label(lang, "rules") + "\n")
    for parameter in sorted(rules.values(), key=lambda p: str(p["name"])):
        out.write(f"\n{parameter['name']}\n")
        for version in parameter["versions"]:
            in_force = version["in_force"]
            if in_force.get("until"):
                period = _label(lang, "from_until", start=in_force["from"], end=in_force["until"])
            else:
                period = _label(lang, "from", date=in_force["from"])
            citation = LegalRef.from_dict(version["legal_basis"]).cite(lang)
            out.write(f"  {_rule_value(version['value'], lang)}  [{citation}; {period}]\n")
    return 0


# --- budgets -------------------------------------------------------------------------------


def _json_argument(value: Optional[str], what: str) -> Optional[dict[str, Any]]:
    """A JSON object given inline (``{...}``) or as the path of a JSON file."""
    if value is None:
        return None
    text = value if value.lstrip().startswith("{") else Path(value).read_text(encoding="utf-8")
    document = json.loads(text)
    if not isinstance(document, dict):
        raise ValueError(f"{what}: expected a JSON object")
    return document


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _budget_files(
    citizen: CitizenBudget,
    directory: Path,
    lang: str,
    editorial: Optional[dict[str, Any]] = None,
    *,
    csv: bool = True,
) -> dict[str, Path]:
    """Writes the page (HTML), the JSON, the Markdown and (with `csv`) the CSV of a citizen
    budget."""
    files = {
        "html": _write(directory / "citizen-budget.html", citizen.to_html(lang, editorial)),
        "json": _write(directory / "citizen-budget.json", citizen.to_json(indent=2) + "\n"),
        "markdown": _write(directory / "citizen-budget.md", citizen.to_markdown(lang, editorial)),
    }
    if csv:
        files["csv"] = _write(directory / "citizen-budget.csv", citizen.to_csv(lang))
    return files


def _plan_files(plan: ActionPlan, directory: Path, lang: str, as_of: datetime.date) -> dict[str, Path]:
    """Writes the plan's progress report as an HTML page and as Markdown."""
    return {
        "plan_html": _write(directory / "plan-report.html", render_report(plan, as_of, lang, "html")),
        "plan_markdown": _write(directory / "plan-report.md", render_report(plan, as_of, lang, "markdown")),
    }


def _bmk_pages(directory: Path, lang: str, as_of: datetime.date, territories: Territories) -> dict[str, Path]:
    """The BMK citizen budget page (HTML, JSON, Markdown) and the BMK plan's progress report."""
    citizen = simplify(bmk_budget_2025(), bmk_budget_2025_options(), territories=territories)
    files = _budget_files(citizen, directory, lang, csv=False)
    files.update(_plan_files(bmk_action_plan(), directory, lang, as_of))
    return files


def _file_lines(files: dict[str, Path], out: TextIO) -> None:
    for path in files.values():
        out.write(f"  {path}\n")


def _budget_summary(citizen: CitizenBudget, lang: str, out: TextIO) -> None:
    display = citizen.display
    decimals = int(display["decimals"])
    unit = citizen.unit_label(lang)
    separator = colon(lang)
    out.write(citizen.title_in(lang) + "\n")
    if citizen.info.illustrative:
        out.write("  " + _label(lang, "illustrative") + "\n")
    for key, table in (("revenue", citizen.revenue), ("expenditure", citizen.expenditure)):
        out.write(f"  {_label(lang, key)}{separator}{format_decimal(table.total_displayed, decimals, lang)} {unit}\n")
        for row in table.rows:
            share = format_percent(row.share_percent, int(display["share_decimals"]), lang)
            out.write(f"    {row.label_in(lang)}{separator}{format_decimal(row.displayed, decimals, lang)} ({share})\n")
    people = citizen.per_inhabitant
    if people is not None:
        figure = format_decimal(people.expenditure, int(display["per_inhabitant_decimals"]), lang)
        currency = citizen.unit_label(lang, per_inhabitant=True)
        out.write(f"  {_label(lang, 'expenditure')} {_label(lang, 'per_inhabitant')}{separator}{figure} {currency}\n")


def _simplify_options(args: argparse.Namespace, default_preset: Optional[str] = None) -> SimplifyOptions:
    options = SimplifyOptions.from_dict(_json_argument(args.options_json, "--options-json") or {})
    preset = args.preset or default_preset
    if preset or args.mapping:
        spec = options.mapping
        if preset:
            spec = {**spec, "preset": preset}
        # Mapping files are read by the core (JSON or CSV), added over the spec's layers.
        options = options.replace(mapping=SimplifyOptions(mapping=spec, overrides=args.mapping or []).mapping)
    changes: dict[str, Any] = {}
    if args.max_categories is not None:
        changes["max_categories"] = args.max_categories
    if args.unit:
        changes["unit"] = args.unit
    if args.population is not None:
        changes["population"] = {"source": "given", "population": args.population, "reference": "--population"}
    return options.replace(**changes) if changes else options


def _budget_info(args: argparse.Namespace) -> Optional[dict[str, Any]]:
    info = _json_argument(args.info_json, "--info-json")
    if args.year is not None:
        info = {**(info or {}), "fiscal_year": args.year}
    if args.territory:
        info = {**(info or {}), "territory": args.territory}
    return info


_SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


def _csv_format(args: argparse.Namespace) -> Optional[dict[str, Any]]:
    """The CSV format: --format-json, with --delimiter and --decimal-comma over it."""
    document = _json_argument(args.format_json, "--format-json")
    if args.delimiter is None and not args.decimal_comma:
        return document
    document = dict(document or {})
    if args.delimiter is not None:
        document["delimiter"] = "\t" if args.delimiter.lower() in ("tab", "\\t") else args.delimiter
    if args.decimal_comma:
        document["decimal_comma"] = True
    return document


def _layout(args: argparse.Namespace) -> Union[str, dict[str, Any]]:
    """The ministry layout, with the separator and decimal comma given on the command line (the
    only format keys it takes: any other is refused rather than ignored)."""
    given = _csv_format(args) or {}
    others = sorted(set(given) - {"delimiter", "decimal_comma"})
    if others:
        raise ValueError(f"--format-json: {', '.join(others)} do not apply to the ministry's layout (only delimiter, decimal_comma)")
    return given if given else "ministry"


def _cmd_budget_simplify(args: argparse.Namespace, out: TextIO) -> int:
    info = _budget_info(args)
    previous_info = None
    if info is not None and args.previous_year is not None:
        previous_info = {**info, "fiscal_year": args.previous_year}
    ministry = args.layout == "ministry" or Path(args.file).suffix.lower() in _SPREADSHEETS
    # A printed Moroccan budget: the Moroccan preset of its level (commune by default), under
    # the rules of --mapping when some are given, unless a preset or options were chosen.
    moroccan_default = ministry and not (args.preset or args.options_json)
    options = _simplify_options(args, default_preset=args.level if moroccan_default else None)
    if moroccan_default:
        options = options.replace(nature={"preset": "moroccan_nature"})
    if args.each_year:
        budgets = simplify_years(
            args.file,
            options,
            _territories(args.territories),
            info=info,
            format=_csv_format(args),
            fdp=args.fdp,
            measure=args.measure,
        )
        written = {year: _budget_files(citizen, Path(args.out) / year, args.lang, None) for year, citizen in budgets.items()}
        if args.json:
            _print_json({year: {k: str(v) for k, v in files.items()} for year, files in written.items()}, out)
            return 0
        for year, citizen in budgets.items():
            _budget_summary(citizen, args.lang, out)
            out.write("\n" + _label(args.lang, "pages_written", directory=str(Path(args.out) / year)) + "\n")
            _file_lines(written[year], out)
        return 0
    if args.strict:
        options = options.replace(strict=True)
    citizen = simplify(
        args.file,
        options,
        args.previous,
        _territories(args.territories),
        info=info,
        format=None if ministry else _csv_format(args),
        previous_info=previous_info,
        fdp=args.fdp,
        measure=args.measure,
        year=args.fdp_year,
        layout=_layout(args) if ministry else None,
        sheet=_sheet(args.sheet),
    )
    for warning in citizen.to_dict().get("warnings", []):
        sys.stderr.write(f"{warning['message'].get(args.lang) or warning['message'].get('fr')}\n")
    if args.unclassified_template:
        template = Path(args.unclassified_template)
        template.parent.mkdir(parents=True, exist_ok=True)  # as --out does
        template.write_text(citizen.unclassified_template(), encoding="utf-8")
    editorial = _json_argument(args.editorial_json, "--editorial-json")
    files = _budget_files(citizen, Path(args.out), args.lang, editorial)
    if args.json:
        _print_json({"files": {k: str(v) for k, v in files.items()}, "citizen_budget": citizen.to_dict()}, out)
        return 0
    _budget_summary(citizen, args.lang, out)
    out.write("\n" + _label(args.lang, "pages_written", directory=args.out) + "\n")
    _file_lines(files, out)
    return 0


def _cmd_budget_bmk(args: argparse.Namespace, out: TextIO) -> int:
    citizen = simplify(bmk_budget_2025(), bmk_budget_2025_options(), territories=_territories(args.territories))
    files = _budget_files(citizen, Path(args.out), args.lang)
    if args.json:
        _print_json({"files": {k: str(v) for k, v in files.items()}, "citizen_budget": citizen.to_dict()}, out)
        return 0
    _budget_summary(citizen, args.lang, out)
    out.write("\n" + _label(args.lang, "pages_written", directory=args.out) + "\n")
    _file_lines(files, out)
    return 0


# --- plans ---------------------------------------------------------------------------------


def _plan(path: Optional[str]) -> ActionPlan:
    return bmk_action_plan() if path is None else ActionPlan.from_file(path)


def _status_text(status: str, delayed: bool, percent: Optional[int], lang: str) -> str:
    text = _label(lang, status)
    if delayed:
        text += f", {_label(lang, 'delayed')}"
    text += ", " + (f"{percent} %" if percent is not None else _label(lang, "not_reported"))
    return text


def _cmd_plan_validate(args: argparse.Namespace, out: TextIO) -> int:
    report = validate(_plan(args.file), _json_argument(args.policy_json, "--policy-json"))
    if args.json:
        _print_json(report.to_dict(), out)
        return 0 if report.valid else EXIT_NOT_ADMISSIBLE
    key = "plan_valid" if report.valid else "plan_invalid"
    out.write(
        _label(args.lang, key, plan=report.plan, errors=report.errors, warnings=report.warnings, info=report.info)
        + "\n"
    )
    for finding in report.findings:
        place = "/".join(p for p in (finding.commitment, finding.milestone, finding.field) if p)
        out.write(f"  {finding.rule} {_label(args.lang, str(finding.severity)):<7} {place}: {finding.message_in(args.lang)}\n")
    return 0 if report.valid else EXIT_NOT_ADMISSIBLE


def _cmd_plan_status(args: argparse.Namespace, out: TextIO) -> int:
    date = _date(args.date, "date")
    status = status_as_of(_plan(args.file), date, _json_argument(args.policy_json, "--policy-json"))
    if args.json:
        _print_json(status.to_dict(), out)
        return 0
    lang: str = args.lang
    percent = f"{status.percent} %" if status.percent is not None else _label(lang, "not_reported")
    out.write(
        _label(lang, "plan_status", plan=status.plan, date=_iso(date), status=_label(lang, str(status.status)), percent=percent)
        + "\n"
    )
    for commitment in status.commitments:
        title = commitment.title.get(lang) or commitment.title.get("fr") or commitment.title.get("en") or ""
        state = _status_text(str(commitment.status), commitment.delayed, commitment.percent, lang)
        out.write(f"  {commitment.id}  {state}  {title}\n")
        for milestone in commitment.milestones:
            state = _status_text(str(milestone.status), milestone.delayed, milestone.percent, lang)
            out.write(f"    {milestone.id}  {state}\n")
    return 0


def _cmd_plan_schedule(args: argparse.Namespace, out: TextIO) -> int:
    date = _date(args.date, "date")
    schedule = assessment_schedule(_plan(args.file), date, _json_argument(args.policy_json, "--policy-json"))
    if args.json:
        _print_json(schedule.to_dict(), out)
        return 0
    lang: str = args.lang
    out.write(_label(lang, "plan_schedule", plan=schedule.plan, date=_iso(date), **schedule.counts) + "\n")
    for item in schedule.items:
        due = f"{_label(lang, 'due')} {_iso(item.due_on)}" if item.due_on else item.missing_in(lang) or ""
        place = f"  {item.commitment}" if item.commitment else ""
        out.write(f"  {item.status_in(lang)}: {item.product_in(lang)}{place} ({due})\n")
    return 0


def _cmd_plan_report(args: argparse.Namespace, out: TextIO) -> int:
    date = _date(args.date, "date")
    text = render_report(
        _plan(args.file), date, args.lang, args.format, _json_argument(args.policy_json, "--policy-json")
    )
    if args.out:
        path = _write(Path(args.out), text)
        out.write(_label(args.lang, "written", path=path) + "\n")
    else:
        out.write(text)
    return 0


def _cmd_plan_import(args: argparse.Namespace, out: TextIO) -> int:
    lang: str = args.lang
    written: list[Path] = []
    if args.source == "ogp":
        imported = import_ogp_csv(args.file)
        report = imported.report
        plans = imported.plans
    else:
        decidim = import_decidim(args.file, args.timeline, _decidim_options(args))
        report = decidim.report
        plans = [decidim.to_plan(_plan(args.plan))] if args.plan or args.out else []
    if args.out:
        # One file per plan, named by the core from the plan's id: an id such as `../../x`
        # cannot write outside the folder asked for.
        for plan, name in zip(plans, file_names([p.id for p in plans], ".json")):
            written.append(_write(Path(args.out) / name, plan.to_json(indent=2) + "\n"))
    if args.json:
        _print_json(
            {"report": report.to_dict(), "plans": [p.id for p in plans], "files": [str(p) for p in written]}, out
        )
        return 0
    out.write(
        _label(
            lang,
            "imported",
            source=report.source,
            read=report.rows_read,
            imported=report.rows_imported,
            skipped=report.rows_skipped,
        )
        + "\n"
    )
    for finding in report.findings:
        if finding["severity"] == "info":
            continue
        column = f", {finding['column']}" if finding.get("column") else ""
        severity, row = _label(lang, finding["severity"]), _label(lang, "row")
        out.write(f"  {severity} {finding['issue']} ({row} {finding['row']}{column}): {finding['message']}\n")
    if plans:
        out.write(f"{_label(lang, 'plans')}:\n")
        for plan in plans:
            out.write(f"  {plan.id}: {len(plan.commitments)} {_label(lang, 'commitments')}\n")
    for path in written:
        out.write(_label(lang, "written", path=path) + "\n")
    return 0


def _cmd_plan_export(args: argparse.Namespace, out: TextIO) -> int:
    date = _date(args.date, "date")
    policy = _json_argument(args.policy_json, "--policy-json")
    export = export_decidim(_plan(args.file), date, policy, _decidim_options(args))
    results, timeline = export.write(args.out)
    if args.json:
        files = {"results": str(results), "timeline": str(timeline)}
        _print_json({"files": files, "findings": export.findings}, out)
        return 0
    for finding in export.findings:
        if finding["severity"] == "info":
            continue
        place = "/".join(v for v in (finding["place"].get("commitment"), finding["place"].get("milestone")) if v)
        out.write(f"  {finding['severity']} {finding['issue']} ({place or 'plan'}): {finding['message']}\n")
    out.write(_label(args.lang, "written", path=results) + "\n")
    out.write(_label(args.lang, "written", path=timeline) + "\n")
    return 0


def _decidim_options(args: argparse.Namespace) -> Optional[dict[str, Any]]:
    """`--options-json` (decidim-import-options or decidim-export-options), with
    `--default-locale` and `--status-ids not_started=5,in_progress=6,...` set over it."""
    options = dict(_json_argument(args.options_json, "--options-json") or {})
    if args.default_locale:
        options["default_locale"] = args.default_locale
    if args.status_ids:
        pairs = [item.partition("=") for item in args.status_ids.split(",") if item.strip()]
        if not all(value.strip().isdigit() for _, _, value in pairs):
            raise ValueError("--status-ids: expected KEY=ID pairs, the ids whole numbers")
        options["status_ids"] = {key.strip(): int(value) for key, _, value in pairs}
    return options or None


# --- parser --------------------------------------------------------------------------------

Command = Callable[[argparse.Namespace, TextIO], int]


def _petition_parser(commands: Any, lang: str) -> None:
    """The petition commands, their help in `lang` (the --lang of the command line)."""
    w = PETITION_WORDS[lang]
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=["ar", "fr", "en"], default="fr", help=w["lang"])
    common.add_argument("--json", action="store_true", help=w["json"])
    context = argparse.ArgumentParser(add_help=False)
    context.add_argument("--holidays", action="append", metavar="FILE", help=w["holidays"])
    context.add_argument("--territories", action="append", metavar="FILE", help=w["territories"])
    fields = argparse.ArgumentParser(add_help=False)
    for field in petition_request_fields(lang):
        fields.add_argument(
            f"--{field['name']}", dest=_field_dest(field["name"]), metavar="VALUE", help=field["help"]
        )

    petition = commands.add_parser("petition", help=w["petition"])
    petition_commands = petition.add_subparsers(dest="petition_command", metavar="COMMAND", required=True)
    check = petition_commands.add_parser(
        "check",
        parents=[common, context, fields],
        help=w["check"],
        description=w["check_description"],
        allow_abbrev=False,
    )
    check.add_argument("file", metavar="FILE", nargs="?", help=w["file"])
    check.add_argument("--request", metavar="FILE", help=w["request"])
    check.add_argument("--signatories", metavar="CSV", help=w["signatories"])
    check.add_argument("--sheet", metavar="NAME", help=w["sheet"])
    check.add_argument(
        "--date-format", choices=["auto", "yyyy-mm-dd", "dd/mm/yyyy", "mm/dd/yyyy"], help=w["date_format"]
    )
    check.add_argument("--html", metavar="PAGE", help=w["html"])
    check.set_defaults(handler=_cmd_petition_check)
    init = petition_commands.add_parser("init", parents=[common, fields], help=w["init"], allow_abbrev=False)
    init.add_argument("--out", metavar="FILE", help=w["out"])
    init.set_defaults(handler=_cmd_petition_init)
    rules = petition_commands.add_parser("rules", parents=[common], help=w["rules"])
    rules.set_defaults(handler=_cmd_petition_rules)


# argparse's own words (usage, section titles, its error messages), in the --lang language:
# argparse looks them up through its module-level gettext functions at each call.
ARGPARSE_WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "usage: ": "usage : ",
        "positional arguments": "arguments positionnels",
        "options": "options",
        "show this help message and exit": "afficher cette aide et quitter",
        "show program's version number and exit": "afficher la version et quitter",
        "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
        "the following arguments are required: %s": "arguments obligatoires manquants : %s",
        "unrecognized arguments: %s": "arguments non reconnus : %s",
        "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choisir parmi %(choices)s)",
        "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
        "expected one argument": "une valeur attendue",
        "invalid %(type)s value: %(value)r": "valeur %(type)s invalide : %(value)r",
        "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
        "not allowed with argument %s": "incompatible avec l'argument %s",
    },
    "ar": {
        "usage: ": "الاستعمال: ",
        "positional arguments": "المعاملات الموضعية",
        "options": "الخيارات",
        "show this help message and exit": "عرض هذه المساعدة والخروج",
        "show program's version number and exit": "عرض رقم الإصدار والخروج",
        "%(prog)s: error: %(message)s\n": "%(prog)s: خطأ: %(message)s\n",
        "the following arguments are required: %s": "معاملات إلزامية ناقصة: %s",
        "unrecognized arguments: %s": "معاملات غير معروفة: %s",
        "invalid choice: %(value)r (choose from %(choices)s)": "اختيار غير صالح: %(value)r (اختر من بين %(choices)s)",
        "argument %(argument_name)s: %(message)s": "المعامل %(argument_name)s: %(message)s",
        "expected one argument": "قيمة واحدة منتظرة",
        "invalid %(type)s value: %(value)r": "قيمة %(type)s غير صالحة: %(value)r",
        "ambiguous option: %(option)s could match %(matches)s": "خيار ملتبس: %(option)s قد يعني %(matches)s",
        "not allowed with argument %s": "غير مسموح به مع المعامل %s",
    },
}


def _parse_in(lang: str, argv: Sequence[str]) -> argparse.Namespace:
    """Builds the parser and parses `argv` with argparse's own words in `lang` (its section
    titles are set when the parser is built, its messages when it parses)."""
    words = ARGPARSE_WORDS.get(lang)
    if words is None:
        return _parser(lang).parse_args(argv)
    original = argparse._  # type: ignore[attr-defined]
    original_n = argparse.ngettext  # type: ignore[attr-defined]

    def translate(text: str) -> str:
        return words.get(text, text)

    def translate_n(singular: str, plural: str, n: int) -> str:
        return translate(singular if n == 1 else plural)

    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = translate_n  # type: ignore[attr-defined]
    try:
        return _parser(lang).parse_args(argv)
    finally:
        argparse._ = original  # type: ignore[attr-defined]
        argparse.ngettext = original_n  # type: ignore[attr-defined]


def _argv_lang(argv: Sequence[str]) -> str:
    """The --lang of a command line, before it is parsed (the help is written in it)."""
    for index, item in enumerate(argv):
        value = item.split("=", 1)[1] if item.startswith("--lang=") else None
        if item == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        if value in PETITION_WORDS:
            return value
    return "fr"


def _parser(lang: str = "fr") -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=["ar", "fr", "en"], default="fr", help="output language (default: fr)")
    common.add_argument("--json", action="store_true", help="print JSON instead of text")
    holidays = argparse.ArgumentParser(add_help=False)
    holidays.add_argument(
        "--holidays",
        action="append",
        metavar="FILE",
        help="a .json or .csv file of religious/exceptional holidays (repeatable)",
    )
    territories = argparse.ArgumentParser(add_help=False)
    territories.add_argument(
        "--territories",
        action="append",
        metavar="FILE",
        help="a .json or .csv file of territories added to the embedded ones (repeatable)",
    )

    parser = argparse.ArgumentParser(
        prog="shafaf",
        description="Moroccan territorial councils: legal populations, holidays, ordinary sessions, "
        "petition admissibility, citizen budgets and OGP action plans.",
    )
    parser.add_argument("--version", action="version", version=f"shafaf {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    bmk = commands.add_parser(
        "bmk",
        parents=[common, holidays, territories],
        help="Béni Mellal-Khénifra: legal populations and the next council sessions",
        description="The region of Béni Mellal-Khénifra and its provinces: legal population in force "
        "on a date, and the next ordinary sessions of the regional, provincial and communal councils.",
    )
    bmk.add_argument("--date", metavar="YYYY-MM-DD", help="the date (default: today)")
    bmk.add_argument(
        "--out",
        metavar="DIR",
        default=str(BMK_OUT),
        help="where to write the BMK citizen budget page (HTML, JSON, Markdown) and the BMK action "
        f"plan's progress report (HTML, Markdown) (default: {BMK_OUT})",
    )
    bmk.add_argument("--no-pages", action="store_true", help="do not write the pages")
    bmk.set_defaults(handler=_cmd_bmk)

    session = commands.add_parser("session", help="ordinary sessions of councils")
    session_commands = session.add_subparsers(dest="session_command", metavar="COMMAND", required=True)
    level_help = "region, prefecture_or_province (province) or commune"
    session_next = session_commands.add_parser(
        "next", parents=[common, holidays], help="the next ordinary session after a date"
    )
    session_next.add_argument("--level", required=True, help=level_help)
    session_next.add_argument("--after", required=True, metavar="YYYY-MM-DD")
    session_next.add_argument(
        "--window",
        choices=["window_starts_after", "window_ends_after"],
        default="window_starts_after",
        help="communes: does a first-week window count when it starts after the date (default) "
        "or when it ends after it",
    )
    session_next.set_defaults(handler=_cmd_session_next)
    session_year = session_commands.add_parser(
        "year", parents=[common, holidays], help="the three ordinary sessions of a year"
    )
    session_year.add_argument("--level", required=True, help=level_help)
    session_year.add_argument("--year", required=True, type=int)
    session_year.set_defaults(handler=_cmd_session_year)

    territory = commands.add_parser("territory", help="territories and legal populations")
    territory_commands = territory.add_subparsers(dest="territory_command", metavar="COMMAND", required=True)
    territory_list = territory_commands.add_parser(
        "list", parents=[common, territories], help="list territories"
    )
    territory_list.add_argument("--level", help=level_help)
    territory_list.set_defaults(handler=_cmd_territory_list)
    territory_show = territory_commands.add_parser(
        "show", parents=[common, territories], help="one territory"
    )
    territory_show.add_argument("code")
    territory_show.set_defaults(handler=_cmd_territory_show)
    territory_population = territory_commands.add_parser(
        "population", parents=[common, territories], help="the legal population in force on a date"
    )
    territory_population.add_argument("code")
    territory_population.add_argument("--date", metavar="YYYY-MM-DD", help="the date (default: today)")
    territory_population.add_argument(
        "--census-policy",
        default="latest_published_before",
        metavar="POLICY",
        help="latest_published_before (default), latest_published_on_or_before, or a census year",
    )
    territory_population.set_defaults(handler=_cmd_territory_population)

    calendar = commands.add_parser("calendar", help="holidays, working days and month arithmetic")
    calendar_commands = calendar.add_subparsers(dest="calendar_command", metavar="COMMAND", required=True)
    calendar_holidays = calendar_commands.add_parser(
        "holidays", parents=[common, holidays], help="the public holidays of a year"
    )
    calendar_holidays.add_argument("--year", required=True, type=int)
    calendar_holidays.set_defaults(handler=_cmd_calendar_holidays)
    working_day = calendar_commands.add_parser(
        "working-day", parents=[common, holidays], help="whether a date is a working day"
    )
    working_day.add_argument("date", metavar="YYYY-MM-DD")
    working_day.set_defaults(handler=_cmd_calendar_working_day)
    months = calendar_commands.add_parser(
        "add-months", parents=[common], help="a date plus N calendar months (N may be negative)"
    )
    months.add_argument("date", metavar="YYYY-MM-DD")
    months.add_argument("months", type=int, metavar="N")
    months.set_defaults(handler=_cmd_calendar_add_months)

    _petition_parser(commands, lang)

    budget = commands.add_parser("budget", help="citizen budgets")
    budget_commands = budget.add_subparsers(dest="budget_command", metavar="COMMAND", required=True)
    budget_simplify = budget_commands.add_parser(
        "simplify",
        parents=[common, territories],
        help="simplify a budget file into a citizen budget (HTML page, JSON, Markdown, CSV)",
        description="Reads a budget CSV file, Fiscal Data Package or budget JSON document and writes its "
        "citizen budget: the page (HTML), the JSON document, the Markdown page and the CSV table.",
    )
    budget_simplify.add_argument("file", metavar="FILE", help="a CSV file, a datapackage.json (or its folder), or a budget .json")
    budget_simplify.add_argument("--year", type=int, help="the fiscal year (CSV files)")
    budget_simplify.add_argument("--territory", metavar="CODE", help="the territory's code, e.g. MA-05 (CSV files)")
    budget_simplify.add_argument("--info-json", metavar="JSON", help="the budget's info: a JSON object or a .json file")
    budget_simplify.add_argument(
        "--format-json", metavar="JSON", help="the CSV format (separator, decimal comma, columns…): JSON or a .json file"
    )
    budget_simplify.add_argument(
        "--delimiter", metavar="SEP", help="the CSV separator: ';', ',' or tab (over --format-json's)"
    )
    budget_simplify.add_argument(
        "--decimal-comma", action="store_true", help="numbers are written 1 234,56 (over --format-json's)"
    )
    budget_simplify.add_argument("--options-json", metavar="JSON", help="simplification options: JSON or a .json file")
    budget_simplify.add_argument("--editorial-json", metavar="JSON", help="editorial content of the page: JSON or a .json file")
    budget_simplify.add_argument(
        "--preset",
        help="the mapping preset: region, province, commune (Moroccan keys), region_cofog (default for CSV), "
        "commune_cofog, cofog, economic_nature, none",
    )
    budget_simplify.add_argument(
        "--layout", choices=["ministry"], help="FILE is laid out as the ministry prints budgets (default for spreadsheets)"
    )
    budget_simplify.add_argument("--sheet", help="the spreadsheet's sheet, by name or 0-based position (default: the first)")
    budget_simplify.add_argument(
        "--level",
        choices=["region", "province", "commune"],
        default="commune",
        help="for a ministry-layout budget without --preset: whose budget (default: commune)",
    )
    budget_simplify.add_argument(
        "--strict", action="store_true", help="fail when more than 5 %% of revenue or spending is not classified"
    )
    budget_simplify.add_argument(
        "--unclassified-template", metavar="CSV", help="write the unclassified lines as a mapping template to fill"
    )
    budget_simplify.add_argument(
        "--each-year",
        action="store_true",
        help="a file or package of several fiscal years: one citizen budget per year, in DIR/YEAR/",
    )
    budget_simplify.add_argument(
        "--mapping", action="append", metavar="FILE", help="a mapping file (.json or .csv) applied over the preset (repeatable)"
    )
    budget_simplify.add_argument("--max-categories", type=int, metavar="N")
    budget_simplify.add_argument("--unit", choices=["unit", "thousands", "millions", "billions"])
    budget_simplify.add_argument("--population", type=int, metavar="N", help="a given population (default: the legal one)")
    budget_simplify.add_argument("--fdp", action="store_true", help="FILE is a Fiscal Data Package")
    budget_simplify.add_argument("--measure", help="the package's measure to read")
    budget_simplify.add_argument("--fdp-year", metavar="YEAR", help="the package's year (a measure or a date dimension)")
    budget_simplify.add_argument("--previous", metavar="FILE", help="the previous year's budget, for year-on-year changes")
    budget_simplify.add_argument("--previous-year", type=int, metavar="Y", help="its fiscal year (default: the year before)")
    budget_simplify.add_argument(
        "--out", metavar="DIR", default=str(BUDGET_OUT), help=f"where to write the files (default: {BUDGET_OUT})"
    )
    budget_simplify.set_defaults(handler=_cmd_budget_simplify)
    budget_bmk = budget_commands.add_parser(
        "bmk",
        parents=[common, territories],
        help="the illustrative BMK 2025 citizen budget (HTML page, JSON, Markdown, CSV)",
    )
    budget_bmk.add_argument("--out", metavar="DIR", default=str(BMK_OUT), help=f"where to write (default: {BMK_OUT})")
    budget_bmk.set_defaults(handler=_cmd_budget_bmk)

    plan = commands.add_parser("plan", help="OGP action plans: validate, status, schedule, report, import, export")
    plan_commands = plan.add_subparsers(dest="plan_command", metavar="COMMAND", required=True)
    plan_file = argparse.ArgumentParser(add_help=False)
    plan_file.add_argument(
        "file", metavar="FILE", nargs="?", help="an action-plan JSON file (default: the embedded BMK plan 2022–2027)"
    )
    plan_file.add_argument("--policy-json", metavar="JSON", help="a commitment policy: JSON or a .json file")
    plan_validate = plan_commands.add_parser(
        "validate", parents=[common, plan_file], help="every finding of S1–S8 and H1–H5 (exit 1 on an error)"
    )
    plan_validate.set_defaults(handler=_cmd_plan_validate)
    plan_status = plan_commands.add_parser(
        "status", parents=[common, plan_file], help="the status of every commitment and milestone on a date"
    )
    plan_status.add_argument("--date", metavar="YYYY-MM-DD", help="the date (default: today)")
    plan_status.set_defaults(handler=_cmd_plan_status)
    plan_schedule = plan_commands.add_parser(
        "schedule", parents=[common, plan_file], help="the assessments due, and where each stands on a date"
    )
    plan_schedule.add_argument("--date", metavar="YYYY-MM-DD", help="the date (default: today)")
    plan_schedule.set_defaults(handler=_cmd_plan_schedule)
    plan_report = plan_commands.add_parser(
        "report", parents=[common, plan_file], help="the progress report (HTML page or Markdown)"
    )
    plan_report.add_argument("--date", metavar="YYYY-MM-DD", help="the date (default: today)")
    plan_report.add_argument("--format", choices=["html", "markdown"], default="html")
    plan_report.add_argument("--out", metavar="FILE", help="write the report there (default: print it)")
    plan_report.set_defaults(handler=_cmd_plan_report)
    plan_import = plan_commands.add_parser(
        "import", parents=[common], help="import the OGP dataset CSV or Decidim accountability CSV"
    )
    plan_import.add_argument("source", choices=["ogp", "decidim"])
    plan_import.add_argument("file", metavar="FILE", help="the OGP dataset CSV, or Decidim's results CSV")
    plan_import.add_argument("--timeline", metavar="FILE", help="Decidim: shafaf's companion timeline CSV")
    plan_import.add_argument("--plan", metavar="FILE", help="Decidim: the plan the commitments belong to")
    plan_import.add_argument("--out", metavar="DIR", help="write each plan as <id>.json there")
    _decidim_arguments(plan_import)
    plan_import.set_defaults(handler=_cmd_plan_import)
    plan_export = plan_commands.add_parser(
        "export", parents=[common, plan_file], help="write the plan for Decidim (results.csv, timeline.csv)"
    )
    plan_export.add_argument("--date", metavar="YYYY-MM-DD", help="the state on this date (default: today)")
    plan_export.add_argument("--out", metavar="DIR", required=True)
    _decidim_arguments(plan_export)
    plan_export.set_defaults(handler=_cmd_plan_export)
    return parser


def _decidim_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--options-json",
        metavar="JSON",
        help="Decidim: the platform or component (docs/schemas/decidim-import-options, decidim-export-options)",
    )
    command.add_argument("--default-locale", metavar="TAG", help="Decidim: the organisation's default locale")
    command.add_argument(
        "--status-ids", metavar="KEY=ID,...", help="Decidim: the component's status ids (in_progress=6,completed=7)"
    )


def _error_line(error: ShafafError) -> str:
    return f"shafaf: error[{error.code} {error.error_name}]: {error.message}"


def _petition_error_line(error: ShafafError, lang: str) -> str:
    """A petition command's error in its --lang: the core's message, never a personal datum."""
    message = error.message if lang == "en" else error_message(error.code, error.details, lang)
    return _words(lang, "error", code=error.code, name=error.error_name, message=message)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command line; returns the exit status (0; 1 for a petition that is not
    admissible; 2 on any error)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _argv_lang(argv)
    args = _parse_in(lang, argv)
    handler: Command = args.handler
    out = sys.stdout
    try:
        return handler(args, out)
    except ShafafError as error:
        if args.command == "petition":
            print(_petition_error_line(error, args.lang), file=sys.stderr)
        else:
            print(_error_line(error), file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return 0
    except OSError as error:
        print(f"shafaf: error[1006 io]: {error}", file=sys.stderr)
        return EXIT_ERROR
    except (ValueError, json.JSONDecodeError) as error:
        print(f"shafaf: error[1001 invalid_argument]: {error}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - a bug must still not print a traceback
        print(f"shafaf: error[9001 internal]: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
