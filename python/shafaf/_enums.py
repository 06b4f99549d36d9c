"""Enumerations of the shafaf API.

Every member is also a ``str`` equal to its machine name, so ``Level.COMMUNE == "commune"``
and functions accept either the member or its name. Names are parsed by the Rust core, which
also accepts aliases (``"province"`` for ``Level.PREFECTURE_OR_PROVINCE``, ``"french"`` for
``Lang.FR``).
"""

from __future__ import annotations

from enum import Enum

__all__ = [
    "BudgetPhase",
    "CensusPolicy",
    "ChecklistStatus",
    "ConditionStatus",
    "Direction",
    "ExclusionReason",
    "HolidayKind",
    "Lang",
    "Level",
    "Outcome",
    "PetitionLevel",
    "ProgressStatus",
    "RowKind",
    "WindowCounting",
]


class _Named(str, Enum):
    """A ``str`` enum that prints as its value."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, format_spec: str) -> str:
        return format(str(self.value), format_spec)


class Level(_Named):
    """The three levels of territorial collectivity (Constitution art. 135)."""

    REGION = "region"
    """Region (organic law 111-14)."""
    PREFECTURE_OR_PROVINCE = "prefecture_or_province"
    """Prefecture or province (organic law 112-14)."""
    COMMUNE = "commune"
    """Commune (organic law 113-14)."""


class Lang(_Named):
    """A language of output. Arabic is the authoritative language of Moroccan law."""

    AR = "ar"
    FR = "fr"
    EN = "en"


class HolidayKind(_Named):
    """What kind of holiday a date is."""

    CIVIL = "civil"
    """A fixed civil (Gregorian) holiday, built in."""
    RELIGIOUS = "religious"
    """A religious (Hijri) holiday, dated by the year's official announcement."""
    EXCEPTIONAL = "exceptional"
    """An exceptional day off declared for the public sector."""


class CensusPolicy(_Named):
    """Which census's legal population applies on a date (a census year fixes one)."""

    LATEST_PUBLISHED_BEFORE = "latest_published_before"
    """The latest census whose decree was published strictly before the date (default)."""
    LATEST_PUBLISHED_ON_OR_BEFORE = "latest_published_on_or_before"
    """The latest census whose decree was published on or before the date."""


class WindowCounting(_Named):
    """When a commune's first-week session window counts as after a date."""

    WINDOW_STARTS_AFTER = "window_starts_after"
    """The whole window lies after the date (default)."""
    WINDOW_ENDS_AFTER = "window_ends_after"
    """Some day of the window lies after the date."""


class PetitionLevel(_Named):
    """The regime a petition falls under."""

    REGION = "region"
    """To a regional council (LO 111-14 arts. 118–122)."""
    PREFECTURE_OR_PROVINCE = "prefecture_or_province"
    """To a prefecture or province council (LO 112-14 arts. 112–116)."""
    COMMUNE = "commune"
    """To a commune council (LO 113-14 arts. 121–125)."""
    NATIONAL = "national"
    """To the Head of Government or a Speaker of Parliament (LO 44-14)."""
    LEGISLATIVE_MOTION = "legislative_motion"
    """A legislative motion to Parliament (LO 64-14)."""


class Outcome(_Named):
    """The overall outcome of a petition check."""

    ADMISSIBLE = "admissible"
    """Every condition passed."""
    INADMISSIBLE = "inadmissible"
    """At least one condition failed."""
    INCOMPLETE = "incomplete"
    """None failed, but at least one could not be assessed (a fact the bureau must supply)."""


class ConditionStatus(_Named):
    """The status of one condition of admissibility."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_ASSESSED = "not_assessed"
    """The fact it needs was not supplied."""


class ExclusionReason(_Named):
    """Why a signature was not counted."""

    CIN_MISSING = "cin_missing"
    NOT_RESIDENT_AND_NO_ACTIVITY = "not_resident_and_no_activity"
    RESIDENCE_UNKNOWN = "residence_unknown"
    UNDER_ELECTORAL_AGE = "under_electoral_age"
    BIRTH_DATE_MISSING = "birth_date_missing"
    NOT_REGISTERED_ON_ELECTORAL_LISTS = "not_registered_on_electoral_lists"
    CNIE_EXPIRY_MISSING = "cnie_expiry_missing"
    ACTIVITY_ONLY = "activity_only"
    DUPLICATE = "duplicate"
    MALFORMED_ROW = "malformed_row"


class Direction(_Named):
    """Whether a budget line brings money in or spends it."""

    REVENUE = "revenue"
    """Recettes, المداخيل."""
    EXPENDITURE = "expenditure"
    """Dépenses, النفقات."""


class BudgetPhase(_Named):
    """The stage of the budget cycle the figures come from."""

    PROPOSED = "proposed"
    """Proposed to the council (« proposées »)."""
    APPROVED = "approved"
    """Voted and approved (« admises »)."""
    ADJUSTED = "adjusted"
    """Amended during the year (budget modificatif)."""
    EXECUTED = "executed"
    """Executed (compte administratif)."""


class RowKind(_Named):
    """What a row of a citizen-budget table stands for."""

    CATEGORY = "category"
    """One category of the mapping (or one part)."""
    OTHER = "other"
    """Small categories folded together."""
    UNMAPPED = "unmapped"
    """Lines no rule caught ("Not classified")."""


class ChecklistStatus(_Named):
    """The outcome of one checklist item (CB-01…CB-16, R-01…R-08)."""

    PASS = "pass"
    FAIL = "fail"
    MISSING = "missing"
    """The data the item needs was not supplied."""
    REVIEW = "review"
    """Waiting for an editor's review."""


class ProgressStatus(_Named):
    """The status of a milestone, a commitment or a plan on a date ("delayed" is separate)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
