"""The example notebook runs headless (nbclient, the venv's ipykernel) and fails on any cell
error: python/examples/citizen_budget.ipynb, on the embedded BMK budget and plan, and on a real
Fiscal Data Package from ../shared/data/budget when it is there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOTEBOOK = EXAMPLES / "citizen_budget.ipynb"


def _outputs(cell: Any) -> str:
    parts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        parts.append(str(data.get("text/html", "")) + str(data.get("text/plain", "")) + str(output.get("text", "")))
    return "".join(parts)


def test_the_example_notebook_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # jupyter_core warns (DeprecationWarning) unless told to use platformdirs already.
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(EXAMPLES)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.get("execution_count") for cell in code), "every code cell ran"
    assert all(output.get("output_type") != "error" for cell in code for output in cell.get("outputs", []))
    shown = "".join(_outputs(cell) for cell in code)
    assert '<div class="shafaf-budget"' in shown and 'dir="rtl"' in shown, "the citizen budget was displayed"
    assert "shafaf-report" in shown, "the plan's progress was displayed"
    shared = Path(EXAMPLES).resolve().parents[2] / "shared" / "data" / "budget" / "madrid-municipal-gastos"
    if shared.is_dir():
        assert "is not here" not in shown and "EUR" in shown, "the real package was read"
