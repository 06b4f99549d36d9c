"""The ``shafaf`` command line.

Readable output by default (``--lang ar|fr|en``, French unless told), JSON with ``--json``.
Errors are printed as ``shafaf: error[<code> <name>]: <message>`` on stderr with exit status 2,
never as a traceback. Every computation is the Rust core's; this module only formats.

    shafaf bmk [--date D] [--lang L] [--holidays FILE]
    shafaf session next --level LEVEL --after D [--window W] [--holidays FILE]
    shafaf session year --level LEVEL --year Y [--holidays FILE]
    shafaf territory list [--level LEVEL] [--territories FILE]
    shafaf territory show CODE
    shafaf territory population CODE [--date D] [--census-policy P]
    shafaf calendar holidays --year Y [--holidays FILE]
    shafaf calendar working-day D
    shafaf calendar add-months D N
    shafaf petition check FILE [--signatories CSV] [--territories FILE] [--holidays FILE]
    shafaf petition rules

``petition check`` exits with 0 when the petition is admissible, 1 when it is inadmissible or
incomplete, 2 on errors.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Sequence
from typing import Any, Callable, Optional, TextIO, Union

from shafaf._enums import Level
from shafaf._errors import ShafafError
from shafaf._native import (
    HolidayCalendar,
    LegalRef,
    OrdinarySession,
    PopulationInForce,
    Territories,
    Territory,
    __version__,
    add_months,
    check_petition_file,
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

# Labels of the readable output. Domain sentences (session descriptions, citations, names)
# come from the core in the chosen language; these are only headings.
LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "population_on": "Population légale en vigueur le {date}",
        "census": "Recensement : RGPH {year} ({decree}, {bulletin}, publié le {published}) ; politique : {policy}",
        "unconfirmed": "non confirmé",
        "unconfirmed_note": "* Chiffre non confirmé (dérivé, non lu dans le décret) : {source}",
        "sessions_after": "Prochaines sessions ordinaires après le {date}",
        "sessions_in": "Sessions ordinaires de {year}",
        "no_religious": (
            "Note : aucune fête religieuse n'a été fournie pour {years} ; une fête religieuse pourrait "
            "décaler une date. Ajoutez-les avec --holidays FICHIER."
        ),
        "holidays_in": "Jours fériés de {year}",
        "no_religious_year": "Note : aucune fête religieuse n'a été fournie pour {year} (--holidays FICHIER).",
        "working_day": "{date} : jour ouvrable",
        "not_working_day": "{date} : jour non ouvrable",
        "weekend": "week-end",
        "next_working_day": "Jour ouvrable suivant : {date}",
        "territories": "{count} collectivités territoriales",
        "level": "Niveau",
        "parent": "Rattachement",
        "arrondissements": "Régime des arrondissements",
        "populations": "Populations légales",
        "yes": "oui",
        "no": "non",
        "rules": "Règles des pétitions (paramètres datés, avec leur base légale)",
        "from": "à partir du {date}",
        "from_until": "du {start} au {end} (exclu)",
    },
    "en": {
        "population_on": "Legal population in force on {date}",
        "census": "Census: RGPH {year} ({decree}, {bulletin}, published {published}); policy: {policy}",
        "unconfirmed": "unconfirmed",
        "unconfirmed_note": "* Unconfirmed figure (derived, not read in the decree): {source}",
        "sessions_after": "Next ordinary sessions after {date}",
        "sessions_in": "Ordinary sessions of {year}",
        "no_religious": (
            "Note: no religious holidays were supplied for {years}; a religious holiday could move a "
            "date. Supply them with --holidays FILE."
        ),
        "holidays_in": "Public holidays of {year}",
        "no_religious_year": "Note: no religious holidays were supplied for {year} (--holidays FILE).",
        "working_day": "{date}: working day",
        "not_working_day": "{date}: not a working day",
        "weekend": "weekend",
        "next_working_day": "Next working day: {date}",
        "territories": "{count} territorial collectivities",
        "level": "Level",
        "parent": "Parent",
        "arrondissements": "Arrondissements regime",
        "populations": "Legal populations",
        "yes": "yes",
        "no": "no",
        "rules": "Petition rules (dated parameters, with their legal basis)",
        "from": "from {date}",
        "from_until": "from {start} until {end} (excluded)",
    },
    "ar": {
        "population_on": "الساكنة القانونية الجاري بها العمل في {date}",
        "census": "الإحصاء: الإحصاء العام للسكان والسكنى {year} ({decree}، {bulletin}، نُشر في {published})؛ القاعدة: {policy}",
        "unconfirmed": "غير مؤكد",
        "unconfirmed_note": "* رقم غير مؤكد (مستنتج، لم يُقرأ في المرسوم): {source}",
        "sessions_after": "الدورات العادية المقبلة بعد {date}",
        "sessions_in": "الدورات العادية لسنة {year}",
        "no_religious": (
            "تنبيه: لم تُدخل الأعياد الدينية لسنة {years}؛ قد يؤدي عيد ديني إلى تغيير تاريخ. "
            "أضفها بواسطة --holidays FILE."
        ),
        "holidays_in": "أيام العطل لسنة {year}",
        "no_religious_year": "تنبيه: لم تُدخل الأعياد الدينية لسنة {year} (--holidays FILE).",
        "working_day": "{date}: يوم عمل",
        "not_working_day": "{date}: ليس يوم عمل",
        "weekend": "نهاية الأسبوع",
        "next_working_day": "يوم العمل الموالي: {date}",
        "territories": "{count} جماعة ترابية",
        "level": "المستوى",
        "parent": "الانتماء",
        "arrondissements": "نظام المقاطعات",
        "populations": "الساكنة القانونية",
        "yes": "نعم",
        "no": "لا",
        "rules": "قواعد العرائض (معايير مؤرخة مع سندها القانوني)",
        "from": "ابتداء من {date}",
        "from_until": "من {start} إلى {end} (غير مشمول)",
    },
}


def _label(lang: str, key: str, **values: object) -> str:
    return LABELS[lang][key].format(**values)


def _number(value: int, lang: str) -> str:
    grouped = f"{value:,}"
    return grouped.replace(",", "\u202f") if lang == "fr" else grouped


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


def _today() -> str:
    return datetime.date.today().isoformat()


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
            source = result.source or "?"
            if source not in unconfirmed_sources:
                unconfirmed_sources.append(source)
        out.write(line.rstrip() + "\n")
    for source in unconfirmed_sources:
        out.write("  " + _label(lang, "unconfirmed_note", source=source) + "\n")


def _census_line(result: PopulationInForce, lang: str) -> str:
    census = result.census
    return _label(
        lang,
        "census",
        year=census.year,
        decree=census.decree,
        bulletin=census.bulletin,
        published=_iso(census.published),
        policy=result.policy,
    )


def _missing_religious_years(sessions: Sequence[OrdinarySession]) -> list[int]:
    return sorted({s.year for s in sessions if not s.religious_holidays_supplied})


# --- commands ------------------------------------------------------------------------------


def _cmd_bmk(args: argparse.Namespace, out: TextIO) -> int:
    lang: str = args.lang
    date: str = args.date or _today()
    territories = _territories(args.territories)
    calendar = _calendar(args.holidays)
    region = territories.get(BMK_REGION)
    members = [region, *territories.children(BMK_REGION)]
    rows = [(t, territories.legal_population(t.code, date)) for t in members]
    councils = [Level.REGION, Level.PREFECTURE_OR_PROVINCE, Level.COMMUNE]
    sessions = [next_ordinary_session(level, date, calendar) for level in councils]
    missing = _missing_religious_years(sessions)
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
            },
            out,
        )
        return 0
    on = rows[0][1].date
    out.write(f"{region.name_in(lang)} ({region.code})\n\n")
    out.write(_label(lang, "population_on", date=_iso(on)) + "\n")
    out.write("  " + _census_line(rows[0][1], lang) + "\n")
    _population_rows(rows, lang, out)
    out.write("\n" + _label(lang, "sessions_after", date=_iso(on)) + "\n")
    for session in sessions:
        out.write(f"  - {session.describe(lang)}\n")
    if missing:
        years = ", ".join(str(y) for y in missing)
        out.write("\n" + _label(lang, "no_religious", years=years) + "\n")
    return 0


def _cmd_session_next(args: argparse.Namespace, out: TextIO) -> int:
    calendar = _calendar(args.holidays)
    session = next_ordinary_session(args.level, args.after, calendar, args.window)
    if args.json:
        _print_json({**session.to_dict(), "description": session.describe(args.lang)}, out)
    else:
        out.write(session.describe(args.lang) + "\n")
    return 0


def _cmd_session_year(args: argparse.Namespace, out: TextIO) -> int:
    calendar = _calendar(args.holidays)
    sessions = ordinary_sessions_in_year(args.level, args.year, calendar)
    if args.json:
        _print_json([{**s.to_dict(), "description": s.describe(args.lang)} for s in sessions], out)
        return 0
    out.write(_label(args.lang, "sessions_in", year=args.year) + "\n")
    for session in sessions:
        out.write(f"  - {session.describe(args.lang)}\n")
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
    level_width = max(len(str(t.level)) for t in chosen)
    for territory in chosen:
        parent = territory.parent or ""
        line = f"  {territory.code:<{code_width}}  {str(territory.level):<{level_width}}  {territory.name_in(args.lang)}"
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
    out.write(f"  {_label(lang, 'level')}: {territory.level}\n")
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
            if figure.source:
                out.write(f"      {figure.source}\n")
    return 0


def _cmd_territory_population(args: argparse.Namespace, out: TextIO) -> int:
    territories = _territories(args.territories)
    territory = territories.get(args.code)
    result = territories.legal_population(
        args.code, args.date or _today(), _census_policy(args.census_policy)
    )
    if args.json:
        _print_json(_population_dict(result, territory, args.lang), out)
        return 0
    out.write(_label(args.lang, "population_on", date=_iso(result.date)) + "\n")
    out.write("  " + _census_line(result, args.lang) + "\n")
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
        out.write(f"  {_iso(holiday.date)}  {holiday.kind!s:<11}  {holiday.name_in(args.lang)}\n")
    if not calendar.has_religious_holidays_for(args.year):
        out.write(_label(args.lang, "no_religious_year", year=args.year) + "\n")
    return 0


def _cmd_calendar_working_day(args: argparse.Namespace, out: TextIO) -> int:
    date = parse_date(args.date, "date")
    calendar = _calendar(args.holidays)
    working = calendar.is_working_day(date)
    holidays = calendar.holidays_on(date)
    following = calendar.next_working_day(date)
    if args.json:
        _print_json(
            {
                "date": _iso(date),
                "working_day": working,
                "holidays": [h.to_dict() for h in holidays],
                "next_working_day": _iso(following),
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
    return 0


def _cmd_calendar_add_months(args: argparse.Namespace, out: TextIO) -> int:
    date = parse_date(args.date, "date")
    result = add_months(date, args.months)
    if args.json:
        _print_json({"date": _iso(date), "months": args.months, "result": _iso(result)}, out)
    else:
        out.write(_iso(result) + "\n")
    return 0


def _cmd_petition_check(args: argparse.Namespace, out: TextIO) -> int:
    verdict = check_petition_file(
        args.file,
        args.signatories,
        territories=_territories(args.territories),
        calendar=_calendar(args.holidays),
    )
    if args.json:
        _print_json(verdict.to_dict(), out)
    else:
        out.write(verdict.to_text(args.lang))
    return 0 if verdict.admissible else EXIT_NOT_ADMISSIBLE


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


# --- parser --------------------------------------------------------------------------------

Command = Callable[[argparse.Namespace, TextIO], int]


def _parser() -> argparse.ArgumentParser:
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
        description="Moroccan territorial councils: legal populations, holidays, ordinary sessions and "
        "petition admissibility.",
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

    petition = commands.add_parser("petition", help="petition admissibility (exit 1 when not admissible)")
    petition_commands = petition.add_subparsers(dest="petition_command", metavar="COMMAND", required=True)
    petition_check = petition_commands.add_parser(
        "check",
        parents=[common, holidays, territories],
        help="check a petition file and print the verdict",
        description="Checks a petition file (docs/petitions.md) and prints the verdict: every condition "
        "with its article, the signature counts, the deadlines. Exit status: 0 admissible, 1 inadmissible "
        "or incomplete, 2 error.",
    )
    petition_check.add_argument("file", metavar="FILE", help="the petition file (.json)")
    petition_check.add_argument(
        "--signatories",
        metavar="CSV",
        help="a signatory CSV file, in place of the signatories the petition file gives",
    )
    petition_check.set_defaults(handler=_cmd_petition_check)
    petition_rules_command = petition_commands.add_parser(
        "rules", parents=[common], help="the rule book: every dated parameter with its article"
    )
    petition_rules_command.set_defaults(handler=_cmd_petition_rules)
    return parser


def _error_line(error: ShafafError) -> str:
    return f"shafaf: error[{error.code} {error.error_name}]: {error.message}"


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command line; returns the exit status (0; 1 for a petition that is not
    admissible; 2 on any error)."""
    args = _parser().parse_args(argv)
    handler: Command = args.handler
    out = sys.stdout
    try:
        return handler(args, out)
    except ShafafError as error:
        print(_error_line(error), file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 - a bug must still not print a traceback
        print(f"shafaf: error[9001 internal]: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
