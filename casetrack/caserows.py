"""The case list's rows as read models, without SQLAlchemy.

A row of the case list's summary statement (:func:`casetrack.caselist._summary_select`)
becomes a :class:`CaseSummary` here, so that the TUI's first page can be read with the
``sqlite3`` module alone (:mod:`casetrack.firstpage`) and still give the same summaries.
:mod:`casetrack.caselist` re-exports everything public.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
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
    """The date a record's six date columns hold (their order: ``caselist.DATE_PARTS``), or None."""
    if value is None:
        return None
    return cached_date(value, precision, bool(approximate), text, end, bound)


@functools.lru_cache(maxsize=1 << 16)
def cached_date(
    value: dt.date, precision: str | None, approximate: bool, text: str | None, end: dt.date | None, bound: str | None
) -> PartialDate:
    """One shared (immutable) PartialDate per distinct date: 100,000 cases hold a few thousand."""
    return PartialDate(value, _precision(precision), approximate, text, end, bound)


#: How many kinds of dated record give a case's latest activity (caselist.ACTIVITY).
ACTIVITY_KINDS = 7
#: Where the summary row's dates are: the status's date and its end, then the latest date of
#: each kind of record (each followed by its precision and approximate flag).
DATE_COLUMNS = (7, 11, *range(15, 15 + 3 * ACTIVITY_KINDS, 3))


def summaries(ids: Sequence[int], rows: Mapping[int, Sequence[Any]]) -> list[CaseSummary]:
    """The summaries of the cases ``ids``, in that order, from their summary rows (by id). A
    case without a row (deleted by a load that committed since its id was read) is left out."""
    out = []
    for case_id in ids:
        r = rows.get(case_id)
        if r is None:
            continue
        # The latest of the latest dates; on a tie the earlier kind in ACTIVITY wins.
        best = None
        for i in DATE_COLUMNS[2:]:
            if r[i] is not None and (best is None or r[i] > r[best]):
                best = i
        activity = None if best is None else cached_date(r[best], r[best + 1], bool(r[best + 2]), None, None, None)
        out.append(
            CaseSummary(
                slug=r[1],
                short_name=r[2],
                case_name=r[3],
                kind=r[4],
                court=r[5],
                status=r[6],
                status_as_of=date_from_parts(*r[7:13]),
                latest_activity=activity,
                filings=r[13],
                quotes=r[14],
            )
        )
    return out
