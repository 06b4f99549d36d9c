#!/usr/bin/env python3
"""Runs every example of README.md and docs/**/*.md, as written, in page order.

    .venv/bin/python scripts/doc_examples.py            # every page
    .venv/bin/python scripts/doc_examples.py docs/quickstart/clerk.md   # some pages

Each page runs in a fresh working folder whose entries are links to the repository's (so
`docs/examples/petitions/signatures.csv` is found and whatever an example writes stays out of the
checkout); the blocks of a page share that folder and, for Python, one namespace, like the cells
of a notebook. By the block's language:

- ``python``: run statement by statement. The lines ``#> …`` after a statement are what it
  prints (pytest-examples' convention), compared exactly; ``…`` stands for any text.
- ``console``: each ``$ command`` (``\\`` continues it) is run by bash with the virtualenv's
  ``shafaf`` on PATH; the lines below it, up to the next ``$``, are its output, compared as
  above (a command shown without output is not compared). A command must exit 0 unless its
  output ends with ``(exit status N)``.
- ``bash``/``sh``: run as one script under ``set -euo pipefail``.
- ``json``: parsed.
- ``text``: printed output or a diagram; not an example.
- ``rust``: compiled and run as doctests by ``cargo test --doc -p shafaf``; this script checks
  that ``core/src/lib.rs`` includes the page.
- ``c`` and ``php`` of docs/c-guide.md: compiled and run by tests/c/run.sh and
  tests/c/packaging.sh; this script checks that those scripts name the block, and compares the
  ``text`` block after a C program with what tests/c/run.sh saved of its output
  (``target/c-tests/<name>.out``; with ``--require-c-outputs``, as in CI, a missing one fails).

A block that is deliberately not run is preceded by ``<!-- not run: the reason -->``, which the
page also says in words. Any other block (a fence without a language among them) is an error.
A page stops at its first failure, which is named; the other pages still run. Prints the count
of examples run, checked and not run, and exits 1 when any page failed.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_RUN = re.compile(r"^<!--\s*not run:\s*(\S.*?)\s*-->$")
FENCE = re.compile(r"^(\s*)```([A-Za-z0-9_+-]*)\s*$")
ELLIPSIS = "…"


@dataclass
class Block:
    page: Path
    line: int  # 1-based line of the opening fence
    language: str
    text: str
    not_run_reason: str | None

    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


class ExampleFailure(Exception):
    pass


def blocks_of(page: Path) -> list[Block]:
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, language = opening.group(1), opening.group(2)
        previous = next((l.strip() for l in reversed(lines[:i]) if l.strip()), "")
        marker = NOT_RUN.match(previous)
        body: list[str] = []
        j = i + 1
        while j < len(lines) and lines[j].strip() != "```":
            body.append(lines[j][len(indent) :] if lines[j].startswith(indent) else lines[j])
            j += 1
        if j == len(lines):
            raise ExampleFailure(f"{page.relative_to(ROOT)}:{i + 1}: code block never closed")
        blocks.append(Block(page, i + 1, language, "\n".join(body) + "\n", marker.group(1) if marker else None))
        i = j + 1
    return blocks


def matches(expected: str, actual: str) -> bool:
    """Whether `actual` is `expected`, each `…` standing for any text (line ends ignored)."""
    expected = "\n".join(line.rstrip() for line in expected.strip("\n").splitlines())
    actual = "\n".join(line.rstrip() for line in actual.strip("\n").splitlines())
    pattern = ".*?".join(re.escape(part) for part in expected.split(ELLIPSIS))
    return re.fullmatch(pattern, actual, re.DOTALL) is not None


def difference(block: Block, what: str, expected: str, actual: str) -> ExampleFailure:
    return ExampleFailure(
        f"{block.where()}: {what} printed\n{indent_text(actual)}\n  but the page shows\n{indent_text(expected)}"
    )


def indent_text(text: str) -> str:
    return "\n".join("    | " + line for line in text.strip("\n").splitlines()) or "    | (nothing)"


def run_python(block: Block, namespace: dict[str, object], folder: Path) -> None:
    source_lines = block.text.splitlines()
    try:
        module = ast.parse(block.text, filename=block.where())
    except SyntaxError as error:
        raise ExampleFailure(f"{block.where()}: not Python: {error}") from None
    statements = module.body
    for index, statement in enumerate(statements):
        stop = statements[index + 1].lineno - 1 if index + 1 < len(statements) else len(source_lines)
        expected = [
            line.strip()[3:] if line.strip().startswith("#> ") else ""
            for line in source_lines[statement.lineno - 1 : stop]
            if line.strip().startswith("#>")
        ]
        code = compile(ast.Module(body=[statement], type_ignores=[]), block.where(), "exec")
        printed = io.StringIO()
        cwd = os.getcwd()
        try:
            os.chdir(folder)
            with contextlib.redirect_stdout(printed):
                exec(code, namespace)
        except Exception:
            line = block.line + statement.lineno
            raise ExampleFailure(
                f"{block.page.relative_to(ROOT)}:{line}: the statement raised\n"
                + indent_text(traceback.format_exc(limit=-3))
            ) from None
        finally:
            os.chdir(cwd)
        if expected and not matches("\n".join(expected), printed.getvalue()):
            where = Block(block.page, block.line + statement.lineno, "python", "", None)
            raise difference(where, "the statement", "\n".join(expected), printed.getvalue())


def console_commands(block: Block) -> list[tuple[str, str]]:
    commands: list[tuple[str, str]] = []
    lines = block.text.splitlines()
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            raise ExampleFailure(f"{block.where()}: console line {lines[i]!r} is neither `$ command` nor output")
        command = lines[i][2:]
        while command.endswith("\\") and i + 1 < len(lines):
            i += 1
            command = command[:-1] + " " + lines[i].strip()
        i += 1
        output: list[str] = []
        while i < len(lines) and not lines[i].startswith("$ "):
            output.append(lines[i])
            i += 1
        commands.append((command, "\n".join(output)))
    return commands


def run(arguments: list[str], folder: Path, env: dict[str, str], timeout: int) -> subprocess.CompletedProcess[str]:
    """Runs a command in its own process group, which is killed with it on a timeout or when
    this script is stopped: an example's long job never outlives the run."""
    with subprocess.Popen(
        arguments, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    ) as process:
        def stop(*_: object) -> None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            if _:
                sys.exit("doc examples: stopped, the running example's processes killed")

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop()
            raise ExampleFailure(f"`{arguments[-1][:80]}` still running after {timeout} s: killed") from None
        finally:
            signal.signal(signal.SIGTERM, previous)
        return subprocess.CompletedProcess(arguments, process.returncode, stdout, stderr)


def run_console(block: Block, folder: Path, env: dict[str, str]) -> None:
    for command, expected in console_commands(block):
        status_line = re.search(r"\n?\(exit status (\d+)\)\s*$", expected)
        wanted_status = int(status_line.group(1)) if status_line else 0
        if status_line:
            expected = expected[: status_line.start()]
        done = run(["bash", "-c", command], folder, env, timeout=600)
        printed = done.stdout + done.stderr
        if done.returncode != wanted_status:
            raise ExampleFailure(
                f"{block.where()}: `{command}` exited {done.returncode}, not {wanted_status}:\n{indent_text(printed)}"
            )
        if expected.strip() and not matches(expected, printed):
            raise difference(block, f"`{command}`", expected, printed)


def run_shell(block: Block, folder: Path, env: dict[str, str]) -> None:
    done = run(["bash", "-c", "set -euo pipefail\n" + block.text], folder, env, timeout=1200)
    if done.returncode != 0:
        raise ExampleFailure(f"{block.where()}: the script exited {done.returncode}:\n{indent_text(done.stdout + done.stderr)}")


def check_rust(block: Block) -> None:
    lib = (ROOT / "core/src/lib.rs").read_text(encoding="utf-8")
    if f'include_str!("../../{block.page.relative_to(ROOT)}")' not in lib and not (
        block.page == ROOT / "README.md" and 'include_str!("../../README.md")' in lib
    ):
        raise ExampleFailure(f"{block.where()}: a Rust block on a page core/src/lib.rs does not include as doctests")


def check_c_guide(block: Block, output_block: Block | None, require_outputs: bool, counts: dict[str, int]) -> None:
    scripts = (ROOT / "tests/c/run.sh").read_text(encoding="utf-8") + (ROOT / "tests/c/packaging.sh").read_text(
        encoding="utf-8"
    )
    if block.page != ROOT / "docs/c-guide.md":
        raise ExampleFailure(f"{block.where()}: {block.language} blocks are run only from docs/c-guide.md")
    if block.language == "php":
        if "```php" not in scripts:
            raise ExampleFailure(f"{block.where()}: tests/c/packaging.sh does not run the PHP block")
        return
    name = re.search(r"/\*\s*([A-Za-z0-9_]+)\.c\b", block.text)
    if not name or f"run_guide_example {name.group(1)} " not in scripts:
        raise ExampleFailure(f"{block.where()}: a C block that tests/c/run.sh does not compile and run")
    if output_block is None:
        return
    saved = ROOT / "target/c-tests" / f"{name.group(1)}.out"
    if not saved.exists():
        if require_outputs:
            raise ExampleFailure(f"{output_block.where()}: no {saved.relative_to(ROOT)}: run tests/c/run.sh first")
        counts["C outputs not compared"] += 1
        return
    if not matches(output_block.text, saved.read_text(encoding="utf-8")):
        raise difference(output_block, f"{name.group(1)}.c", output_block.text, saved.read_text(encoding="utf-8"))
    counts["C outputs compared"] += 1


def working_folder(parent: Path) -> Path:
    """A folder whose entries are links to the repository's, except `out/`."""
    folder = Path(tempfile.mkdtemp(prefix="page-", dir=parent))
    for entry in ROOT.iterdir():
        if entry.name not in {"out", ".git"}:
            (folder / entry.name).symlink_to(entry)
    return folder


def run_page(page: Path, parent: Path, counts: dict[str, int], require_c_outputs: bool) -> None:
    folder = working_folder(parent)
    env = dict(os.environ)
    env["PATH"] = f"{ROOT / '.venv/bin'}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("NO_COLOR", "1")
    namespace: dict[str, object] = {"__name__": "__main__"}
    blocks = blocks_of(page)
    for index, block in enumerate(blocks):
        if block.not_run_reason is not None:
            counts["not run"] += 1
            continue
        language = block.language
        if language == "text":
            continue  # printed output or a diagram, not an example
        if language == "python":
            run_python(block, namespace, folder)
        elif language == "console":
            run_console(block, folder, env)
        elif language in {"bash", "sh"}:
            run_shell(block, folder, env)
        elif language == "json":
            try:
                json.loads(block.text)
            except json.JSONDecodeError as error:
                raise ExampleFailure(f"{block.where()}: not JSON: {error}") from None
            counts["checked"] += 1
            continue
        elif language == "rust":
            check_rust(block)
            counts["run elsewhere"] += 1
            continue
        elif language in {"c", "php"}:
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            output = following if language == "c" and following and following.language == "text" else None
            check_c_guide(block, output, require_c_outputs, counts)
            counts["run elsewhere"] += 1
            continue
        else:
            raise ExampleFailure(
                f"{block.where()}: a ```{language or '(no language)'} block with no "
                "`<!-- not run: why -->` before it"
            )
        counts["run"] += 1


def pages(arguments: list[str]) -> list[Path]:
    arguments = [a for a in arguments if not a.startswith("--")]
    if arguments:
        return [Path(a).resolve() for a in arguments]
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def main() -> int:
    counts = {"run": 0, "run elsewhere": 0, "checked": 0, "not run": 0, "C outputs compared": 0,
              "C outputs not compared": 0}
    require_c_outputs = "--require-c-outputs" in sys.argv[1:]
    failures = 0
    with tempfile.TemporaryDirectory(prefix="shafaf-doc-examples-") as parent:
        for page in pages(sys.argv[1:]):
            try:
                run_page(page, Path(parent), counts, require_c_outputs)
            except ExampleFailure as failure:
                failures += 1
                print(f"doc examples: FAILED {failure}", file=sys.stderr)
    print(
        f"doc examples: {counts['run']} run here, {counts['run elsewhere']} run as Rust doctests or C tests, "
        f"{counts['checked']} JSON blocks parsed, {counts['not run']} not run (each says why); "
        f"C outputs: {counts['C outputs compared']} compared, {counts['C outputs not compared']} not (no tests/c/run.sh yet); "
        f"{failures} page(s) failed"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
