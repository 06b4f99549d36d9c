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
