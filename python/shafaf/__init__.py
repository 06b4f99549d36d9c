"""shafaf (شفاف, "transparent"): open-government building blocks for Moroccan territorial councils.

The same rules as the Rust crate and the C library (they all run the Rust core):

* territories — regions, prefectures/provinces and communes with their legal populations
  (:class:`Territories`, :meth:`Territories.legal_population`);
* the legal calendar — public holidays and working days (:class:`HolidayCalendar`), month
  arithmetic (:func:`add_months`) and the councils' ordinary sessions
  (:func:`next_ordinary_session`, :func:`ordinary_sessions_in_year`);
* petition admissibility — :class:`PetitionRequest`, :func:`check_petition` (signatories from a
  list, a CSV file, or a pandas / polars / pyarrow table), :class:`PetitionCheck`,
  :class:`Verdict` with every condition's article, :func:`petition_rules`;
* citizen budgets — :func:`simplify` (a :class:`Budget`, a CSV file, a Fiscal Data Package, or a
  pandas / polars / pyarrow table) into a :class:`CitizenBudget` with exact amounts, pages in
  Arabic, French and English, its checklist; :class:`BudgetAggregator` for streams;
  :func:`bmk_budget_2025`;
* OGP action plans — :class:`ActionPlan`, :func:`validate`, :func:`status_as_of`,
  :func:`assess`, :func:`check_cocreation`, :func:`assessment_schedule`, :func:`render_report`,
  :func:`commitment_table`, :func:`import_ogp_csv`, :func:`import_decidim` / :func:`export_decidim`,
  :func:`bmk_action_plan`;
* one exception per error code (:class:`ShafafError` and subclasses; ``.code`` equals the C
  status code, ``.details`` holds the structured fields).

Dates are accepted as :class:`datetime.date` or ``"YYYY-MM-DD"`` strings and returned as
:class:`datetime.date`. See docs/python-guide.md.

>>> import shafaf
>>> shafaf.next_ordinary_session("province", "2026-10-01").first_day
datetime.date(2027, 1, 12)
"""

# The public API is everything in the three modules' __all__: star imports keep this file
# complete when the core's error table gains a code (shafaf/_errors.py is generated), and mypy
# treats names from `import *` as re-exported. No __all__ here, so stubtest and mypy agree.
from shafaf._enums import *  # noqa: F403 - Level, Lang, PetitionLevel, Outcome, ConditionStatus ...
from shafaf._errors import *  # noqa: F403 - ShafafError and one class per error code
from shafaf._native import *  # noqa: F403 - the classes and functions of the Rust extension
