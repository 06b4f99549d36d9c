#!/usr/bin/env python3
"""Turns the shared conformance fixtures (tests/conformance/*.json) into C case tables.

    python3 tests/c/gen_cases.py tests/conformance target/c-tests/conformance_cases.h

The output is included by tests/c/test_conformance.c, which runs every case through the C API.
It is generated at test time under target/ and never committed. Every case of every fixture
file is emitted; an unknown op, a malformed case or an argument value the C runner cannot
represent stops the generation with an error, so no case is skipped silently.

Standard library only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# The ops tests/c/test_conformance.c implements, with the arguments each accepts
# (tests/conformance/README.md).
KNOWN_OPS = {
    "is_working_day": {"date", "holidays_file"},
    "next_working_day": {"date", "holidays_file"},
    "add_months": {"date", "months"},
    "next_ordinary_session": {"level", "after", "holidays_file", "window"},
    "legal_population": {"code", "date", "census_policy"},
    "territory": {"code"},
    "load_territories": {"file"},
    "load_holidays": {"file"},
    "check_petition": {"file"},
    "simplify_budget": {"csv_file", "info", "csv_format", "fdp", "fdp_options", "embedded", "options",
                        "previous_csv_file", "previous_info", "layout_file", "layout_options"},
    "budget_checklist": {"csv_file", "info", "csv_format", "fdp", "fdp_options", "embedded", "options",
                         "previous_csv_file", "previous_info", "editorial", "layout_file", "layout_options"},
    "plan_status": {"plan_file", "embedded", "as_of", "policy"},
    "plan_validate": {"plan_file", "embedded", "policy"},
    "plan_assess": {"plan_file", "embedded"},
    "plan_cocreation": {"plan_file", "embedded", "as_of", "policy"},
    "plan_schedule": {"plan_file", "embedded", "as_of", "policy"},
    "ogp_import": {"file"},
    "decidim_roundtrip": {"plan_file", "embedded", "as_of"},
    "embedded_plan": set(),
}
# Arguments that are JSON documents (objects in the fixture): the C runner receives their compact
# JSON text and passes it to the C API as is.
DOCUMENT_ARGS = {"info", "previous_info", "options", "csv_format", "fdp_options", "editorial", "policy"}

# The summaries of the budget and commitment ops (tests/conformance/README.md): the keys each
# must have, exactly. They are flattened for the C runner by `flatten`.
BUDGET_TABLE_KEYS = {"total", "total_displayed", "total_per_inhabitant", "ids", "displayed", "shares",
                     "per_inhabitant", "changes", "flagged"}
BUDGET_TABLES = ("revenue", "expenditure", "expenditure_by_nature", "expenditure_by_part")
SUMMARY_KEYS = {
    "simplify_budget": set(BUDGET_TABLES) | {"balance", "surplus", "equipment_funded_percent", "per_inhabitant",
                                              "top_programmes", "comparison", "unmapped", "skipped"},
    "budget_checklist": {"pass", "fail", "missing", "review"},
    "plan_status": {"status", "percent", "commitments", "milestones"},
    "plan_validate": {"valid", "errors", "warnings", "info", "findings"},
    "plan_assess": {"commitments"},
    "plan_cocreation": {"outcomes", "met", "not_met", "not_assessable"},
    "plan_schedule": {"items"},
    "ogp_import": {"plans", "commitments", "rows_read", "rows_imported", "rows_skipped", "problems"},
    "decidim_roundtrip": {"commitments", "milestones", "updates", "problems"},
    "embedded_plan": {"id", "members", "commitments", "milestones"},
}
ERROR_KEYS = {"code", "row", "field"}

# The verdict summary of `check_petition` (tests/conformance/README.md): every key is required.
PETITION_SUMMARY_KEYS = (
    "outcome", "submitted", "valid", "conditions", "excluded", "heuristics", "deadlines",
    "session_first_day", "agenda_cutoff", "warnings",
)
# The longest value text the C runner holds (test_conformance.c: RESULT_TEXT_SIZE - 1).
MAX_TEXT = 2047


class FixtureError(Exception):
    """A case the C runner cannot run."""


def c_string(text: str) -> str:
    """A C string literal of `text` (UTF-8), safe from trigraphs and greedy hex escapes."""
    out = ['"']
    for byte in text.encode("utf-8"):
        char = chr(byte)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "?":
            out.append("\\?")
        elif 0x20 <= byte < 0x7F:
            out.append(char)
        else:
            out.append("\\%03o" % byte)
    out.append('"')
    return "".join(out)


def c_value(where: str, key: str, value: object) -> str:
    """One `{key, kind, text}` entry."""
    if value is None:
        return "{%s, V_NULL, NULL}" % c_string(key)
    if isinstance(value, bool):
        return "{%s, V_BOOL, %s}" % (c_string(key), c_string("true" if value else "false"))
    if isinstance(value, int):
        return "{%s, V_NUMBER, %s}" % (c_string(key), c_string(str(value)))
    if isinstance(value, str):
        return "{%s, V_STRING, %s}" % (c_string(key), c_string(value))
    raise FixtureError(f"{where}: `{key}` has a value the C runner cannot compare: {value!r}")


def list_text(where: str, key: str, items: object, kind: type) -> str:
    """A list of integers (rows) or strings (codes) as the compact JSON text the C runner
    rebuilds from the verdict: `[402,404]`, `["a","b"]`."""
    if not isinstance(items, list) or not all(isinstance(i, kind) and not isinstance(i, bool) for i in items):
        raise FixtureError(f"{where}: `{key}` must be a list of {kind.__name__}")
    return json.dumps(items, separators=(",", ":"), ensure_ascii=True)


def petition_summary(where: str, expect: object) -> dict:
    """Flattens a verdict summary into the scalar entries the C runner computes and compares
    both ways (no entry missing, none extra): `outcome`, `submitted`, `valid`,
    `session_first_day`, `agenda_cutoff` as they are; `conditions.<code>` = status;
    `excluded.<reason>` and `heuristics.<code>` = rows as `[1,2]`; `deadlines.<code>` = date;
    `warnings` = codes in order as `["a","b"]`."""
    if not isinstance(expect, dict) or set(expect) != set(PETITION_SUMMARY_KEYS):
        found = sorted(expect) if isinstance(expect, dict) else expect
        raise FixtureError(f"{where}: the verdict summary has exactly the keys {list(PETITION_SUMMARY_KEYS)}, not {found}")
    flat: dict = {}
    for key in ("outcome", "session_first_day", "agenda_cutoff"):
        if expect[key] is not None and not isinstance(expect[key], str):
            raise FixtureError(f"{where}: `{key}` is a string or null")
        flat[key] = expect[key]
    for key in ("submitted", "valid"):
        value = expect[key]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise FixtureError(f"{where}: `{key}` is an integer or null")
        flat[key] = value
    for group, value_kind in (("conditions", str), ("excluded", list), ("heuristics", list), ("deadlines", str)):
        mapping = expect[group]
        if not isinstance(mapping, dict):
            raise FixtureError(f"{where}: `{group}` is an object")
        for code, value in mapping.items():
            key = f"{group}.{code}"
            if value_kind is list:
                flat[key] = list_text(where, key, value, int)
            elif not isinstance(value, str):
                raise FixtureError(f"{where}: `{key}` is a string")
            else:
                flat[key] = value
    flat["warnings"] = list_text(where, "warnings", expect["warnings"], str)
    for key, value in flat.items():
        if isinstance(value, str) and len(value.encode("utf-8")) > MAX_TEXT:
            raise FixtureError(f"{where}: `{key}` is longer than the C runner holds ({MAX_TEXT} bytes)")
    return flat


def scalar_list_text(where: str, key: str, items: list) -> str:
    """A list of scalars as compact JSON text, the way the C runner copies serde_json's output:
    strings must be printable ASCII without quotes or backslashes (no escaping differences)."""
    for item in items:
        if isinstance(item, (dict, list)):
            raise FixtureError(f"{where}: `{key}` must be a list of scalars")
        if isinstance(item, str) and not all(0x20 <= ord(ch) < 0x7F and ch not in '"\\' for ch in item):
            raise FixtureError(f"{where}: `{key}` holds a string the C runner cannot rebuild: {item!r}")
    return json.dumps(items, separators=(",", ":"), ensure_ascii=True)


def flatten(where: str, value: dict, prefix: str = "", out: dict | None = None) -> dict:
    """Flattens a summary into the scalar entries the C runner computes and compares both ways:
    nested objects become `a.b` keys (an empty object gives no entry), lists their compact JSON
    text, scalars stay as they are."""
    out = {} if out is None else out
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            flatten(where, item, name + ".", out)
        elif isinstance(item, list):
            out[name] = scalar_list_text(where, name, item)
        else:
            out[name] = item
        if isinstance(out.get(name), str) and len(out[name].encode("utf-8")) > MAX_TEXT:
            raise FixtureError(f"{where}: `{name}` is longer than the C runner holds ({MAX_TEXT} bytes)")
    return out


def summary(where: str, op: str, expect: object) -> dict:
    """Checks a budget or commitment summary's keys and flattens it."""
    if not isinstance(expect, dict) or set(expect) != SUMMARY_KEYS[op]:
        found = sorted(expect) if isinstance(expect, dict) else expect
        raise FixtureError(f"{where}: the {op} summary has exactly the keys {sorted(SUMMARY_KEYS[op])}, not {found}")
    if op == "simplify_budget":
        for table in BUDGET_TABLES:
            if not isinstance(expect[table], dict) or set(expect[table]) != BUDGET_TABLE_KEYS:
                raise FixtureError(f"{where}: `{table}` has exactly the keys {sorted(BUDGET_TABLE_KEYS)}")
    return flatten(where, expect)


def c_table(name: str, where: str, mapping: dict) -> tuple[str, str, int]:
    """A static array of entries, or NULL when empty; returns (definition, reference, length)."""
    if not mapping:
        return "", "NULL", 0
    entries = ",\n    ".join(c_value(where, key, value) for key, value in mapping.items())
    return f"static const kv {name}[] = {{\n    {entries}\n}};\n", name, len(mapping)


def generate(directory: Path) -> str:
    files = sorted(directory.glob("*.json"))
    if not files:
        raise FixtureError(f"no fixture files in {directory}")
    definitions: list[str] = []
    rows: list[str] = []
    per_file: list[str] = []
    for path in files:
        cases = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(cases, list):
            raise FixtureError(f"{path.name}: a fixture file is a JSON array of cases")
        per_file.append(f"{{{c_string(path.name)}, {len(cases)}}}")
        for number, case in enumerate(cases):
            where = f"{path.name} case {number + 1} ({case.get('name', '?')!r})"
            op = case.get("op")
            if op not in KNOWN_OPS:
                raise FixtureError(f"{where}: unknown op {op!r}; known: {', '.join(sorted(KNOWN_OPS))}")
            args = case.get("args", {})
            unknown = set(args) - KNOWN_OPS[op]
            if unknown:
                raise FixtureError(f"{where}: op {op} takes no argument(s) {sorted(unknown)}")
            args = dict(args)
            for key in DOCUMENT_ARGS & set(args):
                if not isinstance(args[key], dict):
                    raise FixtureError(f"{where}: `{key}` is a JSON object")
                args[key] = json.dumps(args[key], separators=(",", ":"), ensure_ascii=False)
            has_expect, has_error = "expect" in case, "expect_error" in case
            if has_expect == has_error:
                raise FixtureError(f"{where}: a case has exactly one of `expect` and `expect_error`")
            index = len(rows)
            args_def, args_ref, args_len = c_table(f"case_{index}_args", where, args)
            definitions.append(args_def)
            if has_expect:
                expected = case["expect"]
                if op == "check_petition":
                    expected = petition_summary(where, expected)
                elif op in SUMMARY_KEYS:
                    expected = summary(where, op, expected)
                elif not isinstance(expected, dict):
                    raise FixtureError(f"{where}: `expect` is an object")
                expect_def, expect_ref, expect_len = c_table(f"case_{index}_expect", where, expected)
                definitions.append(expect_def)
                error = "false, 0, 0, NULL"
            else:
                expect_ref, expect_len = "NULL", 0
                expected = case["expect_error"]
                if set(expected) - ERROR_KEYS or not isinstance(expected.get("code"), int):
                    raise FixtureError(f"{where}: expect_error is {{code, row?, field?}}")
                row = expected.get("row", 0)
                field = expected.get("field")
                error = f"true, {expected['code']}, {row}, {c_string(field) if field is not None else 'NULL'}"
            rows.append(
                f"    {{{c_string(path.name)}, {c_string(case.get('name', ''))}, {c_string(op)}, "
                f"{args_ref}, {args_len}, {expect_ref}, {expect_len}, {error}}}"
            )
    return (
        "/* @generated by tests/c/gen_cases.py from the fixtures tests/conformance/<name>.json;\n   do not edit or commit. */\n\n"
        + "".join(definitions)
        + "\nstatic const conformance_case CASES[] = {\n"
        + ",\n".join(rows)
        + "\n};\n\n"
        + f"#define CASE_COUNT {len(rows)}\n\n"
        + "static const fixture_file FIXTURE_FILES[] = {\n    "
        + ",\n    ".join(per_file)
        + "\n};\n\n"
        + f"#define FIXTURE_FILE_COUNT {len(files)}\n"
    )


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    directory, output = Path(argv[1]), Path(argv[2])
    try:
        text = generate(directory)
    except (FixtureError, json.JSONDecodeError, OSError) as error:
        print(f"gen_cases.py: {error}", file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    if not output.exists() or output.read_text(encoding="utf-8") != text:
        output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
