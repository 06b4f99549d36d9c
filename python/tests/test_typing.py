"""The package ships its types: `py.typed`, and `_native.pyi` stubs naming what the module has.

The full check of the stubs against the compiled module is `python -m mypy.stubtest shafaf
--allowlist python/stubtest-allowlist.txt` (scripts/test-all.sh runs it); this test guards the
files and the exported names so that pytest alone notices a forgotten stub.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import shafaf
from shafaf import _native

PACKAGE = Path(shafaf.__file__).parent


def _stub_names() -> set[str]:
    tree = ast.parse((PACKAGE / "_native.pyi").read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_py_typed_and_stubs_are_shipped() -> None:
    assert (PACKAGE / "py.typed").is_file()
    assert (PACKAGE / "_native.pyi").is_file()


def test_stubs_name_everything_the_module_exports() -> None:
    assert set(_native.__all__) <= _stub_names()


def test_stub_classes_have_every_public_method() -> None:
    tree = ast.parse((PACKAGE / "_native.pyi").read_text(encoding="utf-8"))
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        stubbed = {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
        runtime = getattr(_native, node.name)
        public = {name for name, _ in inspect.getmembers(runtime) if not name.startswith("_")}
        assert public == stubbed - {n for n in stubbed if n.startswith("_")}, node.name


def test_public_api_has_docstrings() -> None:
    for name in _native.__all__:
        value = getattr(_native, name)
        if name.startswith("_"):
            continue
        assert inspect.getdoc(value), name
        if inspect.isclass(value):
            for member, attribute in inspect.getmembers(value):
                if not member.startswith("_"):
                    assert inspect.getdoc(attribute), f"{name}.{member}"
