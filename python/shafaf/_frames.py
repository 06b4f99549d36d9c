"""DataFrames of shafaf's tables: the conversions the extension's ``to_pandas`` methods call.

Amounts are exact decimals. pandas holds them in one of three ways, chosen by ``amounts=``:

* ``"arrow"`` (the default): ``pd.ArrowDtype(pa.decimal128(18, scale))`` columns (38 digits when
  a value needs more) — exact to the centime, and they support arithmetic (``df["amount"] /
  1_000_000`` stays exact), ``groupby(...).sum()``, ``sum``, ``mean``, ``min``, ``max`` and
  ``quantile``. pandas 3.1's ``describe()`` fails on decimal columns (a pandas limitation): use
  ``amounts="float"`` for it. Needs pyarrow (``pip install 'shafaf[pandas]'``).
* ``"decimal"``: ``object`` columns of :class:`decimal.Decimal` (exact, but pandas computes on them
  slowly and ``describe()`` skips them).
* ``"float"``: ``float64`` columns, converted explicitly: sums may then drift by a fraction of a
  centime; for plotting, not for accounts.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

AMOUNT_KINDS = ("arrow", "decimal", "float")


def require(module: str, extra: str) -> Any:
    """Imports ``module``, or raises an :class:`ImportError` naming the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(
            f"{module} is needed here and is not installed: pip install 'shafaf[{extra}]' (or pip install {module})"
        ) from error


def pandas_frame(columns: Mapping[str, Sequence[Any]], scales: Mapping[str, int], amounts: str = "arrow") -> Any:
    """A pandas DataFrame of ``columns`` (name → values, in order) whose amount columns
    (``scales``: name → the number of decimals the column needs) are held as ``amounts`` says."""
    if amounts not in AMOUNT_KINDS:
        raise ValueError(f"amounts must be one of {', '.join(AMOUNT_KINDS)}, not {amounts!r}")
    pd = require("pandas", "pandas")
    data: dict[str, Any] = {}
    for name, values in columns.items():
        scale = scales.get(name)
        if scale is None or amounts == "decimal":
            data[name] = list(values)
        elif amounts == "float":
            data[name] = pd.array([float("nan") if v is None else float(v) for v in values], dtype="float64")
        else:
            pa = require("pyarrow", "pandas")
            kind = pa.decimal128(precision_for(values, scale), scale)
            data[name] = pd.array(pa.array(list(values), type=kind), dtype=pd.ArrowDtype(kind))
    return pd.DataFrame(data)


def polars_frame(
    columns: Mapping[str, Sequence[Any]], scales: Mapping[str, int], types: Mapping[str, str] | None = None
) -> Any:
    """A polars DataFrame of ``columns`` whose amount columns (``scales``) are exact
    ``pl.Decimal(38, scale)`` columns; ``types`` gives other columns a polars type by name
    (``"UInt64"``, ``"Boolean"``…) where a column of None alone would not say it."""
    pl = require("polars", "polars")
    overrides: dict[str, Any] = {name: pl.Decimal(38, scale) for name, scale in scales.items()}
    overrides.update({name: getattr(pl, kind) for name, kind in (types or {}).items()})
    return pl.DataFrame(dict(columns), schema_overrides=overrides)


def polars_records(records: Sequence[Mapping[str, Any]]) -> Any:
    """A polars DataFrame of ``records`` (dicts with the same keys), every row read for its types."""
    pl = require("polars", "polars")
    return pl.DataFrame(list(records), infer_schema_length=None)


def precision_for(values: Sequence[Any], scale: int) -> int:
    """18 digits when every value fits (any budget below 10^16 dirhams): then pyarrow can still
    multiply and divide the column by an integer within its 38 digits; else 38."""
    integer_digits = 0
    for value in values:
        if isinstance(value, Decimal) and value.is_finite() and value != 0:
            integer_digits = max(integer_digits, value.adjusted() + 1)
    return 18 if integer_digits + scale <= 18 else 38


def records_to_columns(records: Sequence[Mapping[str, Any]], names: Sequence[str]) -> dict[str, list[Any]]:
    """The columns of ``records`` (dicts), in the order of ``names``."""
    return {name: [record.get(name) for record in records] for name in names}


def scale_of(values: Sequence[Any]) -> int:
    """The number of decimals the largest-scale ``Decimal`` of ``values`` has (at least 2)."""
    scale = 2
    for value in values:
        if isinstance(value, Decimal):
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int):
                scale = max(scale, -exponent)
    return scale
