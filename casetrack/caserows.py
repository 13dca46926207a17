"""The case list's rows as read models, without SQLAlchemy.

A row of the case list's summary statement (:func:`casetrack.caselist._summary_select`)
becomes a :class:`CaseSummary` here, so that the TUI's first page can be read with the
``sqlite3`` module alone (:mod:`casetrack.firstpage`) and still give the same summaries.
:mod:`casetrack.caselist` re-exports everything public.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from casetrack.dates import PartialDate
from casetrack.vocab import Precision


@dataclass(frozen=True, slots=True)
class CaseSummary:
    slug: str
    short_name: str
    case_name: str
    kind: str
    court: str | None
    status: str | None
    status_as_of: PartialDate | None
    latest_activity: PartialDate | None
    filings: int
    quotes: int


#: Case ids per statement: well under SQLite's bound-variable limit (999 before 3.32).
ID_CHUNK = 500

#: Where a page of the case list ends: the sort key of its last case (as the database gave
#: it) and that case's slug. The next page starts after it (see :func:`case_page`).
PageEnd = tuple[Any, str]


@dataclass(frozen=True, slots=True)
class CasePage:
    """A page of the case list, where it ends (None when it is empty), and whether more cases
    may follow (the page was full: a case deleted between reading a page's ids and its rows
    is left out, so the number of cases does not say it)."""

    cases: list[CaseSummary]
    end: PageEnd | None
    more: bool


_PRECISIONS = {p.value: p for p in Precision}


def _precision(value: str | None) -> Precision:
    """``Precision(value or 'day')`` without the slow Enum call (this runs once per date shown)."""
    return _PRECISIONS.get(value or "day") or Precision(str(value))


def date_from_parts(
    value: dt.date | None,
    precision: str | None,
    approximate: bool | None,
    text: str | None = None,
    end: dt.date | None = None,
    bound: str | None = None,
) -> PartialDate | None:
    """The date a record's six date columns hold (their order: DATE_PARTS), or None."""
    if value is None:
        return None
    return cached_date(value, precision, bool(approximate), text, end, bound)


@functools.lru_cache(maxsize=1 << 16)
def cached_date(
    value: dt.date, precision: str | None, approximate: bool, text: str | None, end: dt.date | None, bound: str | None
) -> PartialDate:
    """One shared (immutable) PartialDate per distinct date: 100,000 cases hold a few thousand."""
    return PartialDate(value, _precision(precision), approximate, text, end, bound)


#: The dated records whose latest date is a case's latest activity, in tie-break order (on
#: equal dates the earlier wins): a case's own, then those another case shares with it (a
#: ruling entered in three suits). Each is (label, table, date column, link table or None);
#: :data:`casetrack.caselist.ACTIVITY` builds the statement's parts from these, and the
#: summary row holds each one's latest date as ``<label>``, ``<label>_precision`` and
#: ``<label>_approximate``.
ACTIVITY: tuple[tuple[str, str, str, str | None], ...] = (
    ("latest_filing", "filing", "date_filed", None), ("latest_ruling", "ruling", "date_decided", None),
    ("latest_deposition", "deposition", "date_taken", None), ("latest_event", "event", "date", None),
    ("latest_shared_filing", "filing", "date_filed", "filing_case"),
    ("latest_shared_ruling", "ruling", "date_decided", "ruling_case"),
    ("latest_shared_event", "event", "date", "event_case"),
)  # fmt: skip
ACTIVITY_LABELS = tuple(label for label, *_ in ACTIVITY)

#: The six columns of a date ``<name>``: ``<name>``, ``<name>_precision``... (the order of
#: :func:`date_from_parts`'s arguments).
DATE_PARTS = ("", "_precision", "_approximate", "_text", "_end", "_bound")

#: The summary row's columns, by the labels :func:`casetrack.caselist._summary_select` gives
#: them: the case, its court, its current status and that status's date, its counts, then
#: the latest date of each kind of record in ACTIVITY.
SUMMARY_COLUMNS = (
    "id", "slug", "short_name", "case_name", "kind", "court", "status",
    *(f"as_of{part}" for part in DATE_PARTS), "filings", "quotes",
    *(f"{label}{part}" for label in ACTIVITY_LABELS for part in DATE_PARTS[:3]),
)  # fmt: skip

#: The summary row's columns that hold a date (SQLite gives them as ISO text).
DATE_COLUMNS = ("as_of", "as_of_end", *ACTIVITY_LABELS)

_AS_OF = tuple(f"as_of{part}" for part in DATE_PARTS)
_LATEST = tuple((label, f"{label}_precision", f"{label}_approximate") for label in ACTIVITY_LABELS)


def summaries(ids: Sequence[int], rows: Mapping[int, Mapping[Any, Any]]) -> list[CaseSummary]:
    """The summaries of the cases ``ids``, in that order, from their summary rows (by id; each
    row maps SUMMARY_COLUMNS to values, as a SQLAlchemy row's ``_mapping`` does). A case
    without a row (deleted by a load that committed since its id was read) is left out."""
    out = []
    for case_id in ids:
        r = rows.get(case_id)
        if r is None:
            continue
        # The latest of the latest dates; on a tie the earlier kind in ACTIVITY wins.
        best = None
        for day, precision, approximate in _LATEST:
            value = r[day]
            if value is not None and (best is None or value > best[0]):
                best = (value, r[precision], r[approximate])
        activity = None if best is None else cached_date(best[0], best[1], bool(best[2]), None, None, None)
        out.append(
            CaseSummary(
                slug=r["slug"],
                short_name=r["short_name"],
                case_name=r["case_name"],
                kind=r["kind"],
                court=r["court"],
                status=r["status"],
                status_as_of=date_from_parts(*(r[c] for c in _AS_OF)),
                latest_activity=activity,
                filings=r["filings"],
                quotes=r["quotes"],
            )
        )
    return out


def sql_reader(
    conn: Any, sql: str, columns: tuple[str, ...], value: Callable[[tuple[str, ...], tuple[Any, ...]], Any]
) -> Callable[[list[int]], list[tuple[int, Any]]]:
    """A ``read`` for :func:`rows_by_id`: ``sql`` (``{ids}`` where the ids go, its first
    column the id) run on the DB-API connection ``conn``, giving (id, ``value`` of the column
    names and the row). Raises CasetrackError when ``sql``'s columns are not ``columns``: a
    copy of a statement out of step with what reads it."""
    from casetrack.errors import CasetrackError

    def read(chunk: list[int]) -> list[tuple[int, Any]]:
        cursor = conn.execute(sql.replace("{ids}", ", ".join("?" * len(chunk))), chunk)
        names = tuple(d[0] for d in cursor.description)
        if names != columns:
            raise CasetrackError(f"the case list's statement gives {names}, not {columns}")
        return [(row[0], value(names, row)) for row in cursor]

    return read


def rows_by_id(ids: Sequence[int], read: Callable[[list[int]], Iterable[tuple[int, Any]]]) -> dict[int, Any]:
    """The rows that ``read`` gives, as (id, row), for ``ids``, read ID_CHUNK ids at a time."""
    rows: dict[int, Any] = {}
    ordered = sorted(ids)  # neighbouring ids are neighbouring pages of the file
    for start in range(0, len(ordered), ID_CHUNK):
        rows.update(read(ordered[start : start + ID_CHUNK]))
    return rows
