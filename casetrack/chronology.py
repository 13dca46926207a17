"""The chronology: what happened across every case, by date.

Filings, depositions, rulings, events, status changes and quotes in one list, with filters
for a date window, a case, a kind and a party. Nothing here imports Textual.

How a date counts in a window:

- a date with day, month or year precision counts in every window that overlaps its period:
  "Sep 2021" is in ``--from 2021-09-20``, and "2021" is in ``--to 2021-03``;
- a range ("25 Nov – 2 Dec 2020") counts where it overlaps the window;
- a bound ("before mid-Sep 2021") counts at the date it names;
- an undated entry is in no window; without a window it is kept, and it sorts after every
  dated entry, never as if it were the latest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, and_, false, func, literal, or_, select, true, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from casetrack.caselist import date_cols, date_of
from casetrack.dates import DateError, PartialDate, last_day, parse_date
from casetrack.errors import UsageError
from casetrack.models import (
    Actor,
    CaseRole,
    CaseStatus,
    Deposition,
    Event,
    Filing,
    FilingFiler,
    Party,
    Quote,
    Ruling,
    Sanction,
)
from casetrack.services import (
    RECORD_MODELS,
    SourceRef,
    case_id_named,
    cases_of,
    entries_after,
    of_cases,
    party_id_of,
    quote_select,
    quote_summary,
    run,
    sources_of,
)
from casetrack.vocab import Precision, label

#: The kinds of entry, in the order entries of the same date are listed.
KINDS: tuple[str, ...] = ("event", "filing", "deposition", "ruling", "status", "quote")


@dataclass(frozen=True, slots=True)
class ChronologyEntry:
    """One dated (or undated) record, with every case it belongs to."""

    kind: str  # one of KINDS
    slug: str
    date: PartialDate | None  # None: undated
    subkind: str | None  # the filing's, ruling's or event's kind; a status; a quote's setting
    title: str  # a quote's entry has its text here
    detail: str | None  # description, outcome, status note
    case_slugs: tuple[str, ...]
    case_names: tuple[str, ...]
    speaker: str | None = None  # quotes: who said it, as the source names them
    sources: tuple[SourceRef, ...] = ()  # where it stands (read when asked for: ``with_sources``)

    @property
    def what(self) -> str:
        """What happened, as a line: a quote's words in quotes, a status as its label."""
        if self.kind == "quote":
            return f"“{self.title}”"
        if self.kind == "status":
            return f"status: {label(self.subkind)}"
        return self.title


#: Where a page of the chronology ends: its last entry's date (None: undated), kind (its
#: place in KINDS) and row id. The next page starts after it (:func:`chronology_page`).
ChronologyEnd = tuple[Any, int, int]


@dataclass(frozen=True, slots=True)
class ChronologyPage:
    """A page of the chronology, where it ends (None when empty), and whether more may follow."""

    entries: list[ChronologyEntry]
    end: ChronologyEnd | None
    more: bool


@dataclass(frozen=True, slots=True)
class Window:
    """A date window, both ends inclusive; either end may be open."""

    start: dt.date | None = None
    end: dt.date | None = None

    def display(self) -> str:
        first = self.start.isoformat() if self.start else "the beginning"
        last = self.end.isoformat() if self.end else "now"
        return f"{first} to {last}"


def window(start: str | None = None, end: str | None = None, *, names: tuple[str, str] = ("--from", "--to")) -> Window:
    """A window from dates as people write them: ``2021-09``, ``Sep 2021``, ``2020-11-01``,
    ``2021``. ``start`` is the first day of its period, ``end`` the last day of its, so
    ``window("2021-09", "2021-09")`` is September 2021. Raises :class:`UsageError`, naming
    the ends as ``names`` (the CLI's options; a screen's fields)."""

    def read(text: str, which: str) -> PartialDate:
        try:
            return parse_date(text)
        except DateError as exc:
            raise UsageError(f"{which}: {exc.reason} (write e.g. 2021-09, Sep 2021 or 2020-11-01)") from None

    first = read(start, names[0]).value if start else None
    last = last_day(read(end, names[1])) if end else None
    if first and last and first > last:
        raise UsageError(f"{names[0]} {start} is after {names[1]} {end}")
    return Window(first, last)


def _in_window(model: Any, name: str, win: Window) -> list[tuple[Any, Any]]:
    """SQL: the date ``name`` of ``model`` overlaps ``win`` (see the module's rules), as
    (condition, sort key) pairs: a record is in the window if it meets one of the conditions.

    Each condition is read from an index, in date order where the index gives it, so that a
    window reads no record dated before it (dates are stored as the first day of their
    period, :class:`casetrack.dates.PartialDate`):

    - single dates from the start to the end (``ix_<table>_<date>``);
    - a month that began before the start, on the first of the start's month, and a year on
      the first of January of the start's year: each one day of the same index;
    - ranges that end on or after the start (``ix_<table>_<date>_end``, migration 0010):
      their sort key is kept off the date's index, which would read every record before the end.
    """
    value, precision, end = (getattr(model, n) for n in (name, f"{name}_precision", f"{name}_end"))
    if win.start is None:
        return [(value <= win.end, value)]
    s = win.start
    within = [end.is_(None), value >= s]
    ranges = [end.is_not(None), end >= s]
    if win.end is not None:
        within.append(value <= win.end)
        ranges.append(func.coalesce(value, value) <= win.end)
    parts = [(and_(*within), value)]
    for began, unit in ((s.replace(day=1), Precision.month), (s.replace(month=1, day=1), Precision.year)):
        if began < s and (win.end is None or began <= win.end):
            parts.append((and_(end.is_(None), value == began, precision == unit.value), value))
    parts.append((and_(*ranges), func.coalesce(value, value)))
    return parts


def chronology(
    *,
    session: Session,
    start: dt.date | None = None,
    end: dt.date | None = None,
    case_slug: str | None = None,
    kinds: Sequence[str] | None = None,
    party: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    with_sources: bool = False,
) -> list[ChronologyEntry]:
    """Entries across every case in date order, undated last.

    ``start``/``end`` keep entries whose date overlaps the window (undated entries drop out
    once either is given). ``case_slug`` keeps the entries of one case, shared records
    included (a case's short name, or part of it, will do when it names one case).
    ``kinds`` keeps those kinds (see :data:`KINDS`). ``party`` keeps the entries of the
    cases the party has a role in, and the party's own quotes, filings, depositions and
    sanctions wherever they are. ``with_sources`` reads each entry's sources too (the CLI's
    table names them; the TUI's pages do without).
    """
    return _chronology(
        session=session,
        start=start,
        end=end,
        case_slug=case_slug,
        kinds=kinds,
        party=party,
        limit=limit,
        offset=offset,
        with_sources=with_sources,
    )[1]


def chronology_page(
    *,
    session: Session,
    start: dt.date | None = None,
    end: dt.date | None = None,
    case_slug: str | None = None,
    kinds: Sequence[str] | None = None,
    party: str | None = None,
    limit: int,
    after: ChronologyEnd | None = None,
) -> ChronologyPage:
    """The ``limit`` entries of :func:`chronology` after ``after`` (the end of the previous
    page; None for the first page), with the same filters.

    A page starts after the last entry shown, not at a count of rows: when a load commits
    between two pages, the next page neither repeats an entry nor skips one that was there
    all along (entries added before the end of the previous page are not shown).
    """
    rows, entries = _chronology(
        session=session, start=start, end=end, case_slug=case_slug, kinds=kinds, party=party, limit=limit,
        after=after,
    )  # fmt: skip
    last = (rows[-1].d, rows[-1].k, rows[-1].row_id) if rows else None
    return ChronologyPage(entries, last, len(rows) == limit)


def _chronology(
    *,
    session: Session,
    start: dt.date | None,
    end: dt.date | None,
    case_slug: str | None,
    kinds: Sequence[str] | None,
    party: str | None,
    limit: int | None,
    offset: int = 0,
    after: ChronologyEnd | None = None,
    with_sources: bool = False,
) -> tuple[list[Any], list[ChronologyEntry]]:
    """The rows of :func:`chronology` (or of a page after ``after``), and their entries."""
    unknown = sorted(set(kinds or ()) - set(KINDS))
    if unknown:
        raise UsageError(f"unknown kind {unknown[0]!r}; choose from {', '.join(KINDS)}")
    win = Window(start, end)
    case_id = case_id_named(session, case_slug) if case_slug else None
    party_id = party_id_of(session, party) if party else None
    party_cases = None
    if party_id is not None:
        party_cases = select(col(CaseRole.case_id)).where(col(CaseRole.party_id) == party_id)
    speaker = aliased(Actor)

    first = None if limit is None else offset + limit

    def part(kind: str, date: str, subkind: Any, title: Any, detail: Any, own: Any) -> list[Any]:
        model, link = RECORD_MODELS[kind]
        said_by: Any = col(speaker.name) if kind == "quote" else literal(None)
        stmt = select(
            literal(KINDS.index(kind)).label("k"), model.slug.label("slug"),
            *date_cols(model, date, "d"), subkind.label("subkind"), title.label("title"),
            detail.label("detail"), model.id.label("row_id"), said_by.label("speaker"),
        )  # fmt: skip
        if kind == "deposition":
            stmt = stmt.join(deponent, col(deponent.id) == col(Deposition.deponent_id))
        if kind == "quote":
            stmt = stmt.join(speaker, col(speaker.id) == col(Quote.speaker_actor_id))
        if case_id is not None:
            stmt = stmt.where(of_cases(model, link, lambda c: c == case_id))
        if party_cases is not None:
            in_cases = of_cases(model, link, lambda c: c.in_(party_cases))
            stmt = stmt.where(or_(in_cases, own) if own is not None else in_cases)
        windowed = _in_window(model, date, win) if win.start is not None or win.end is not None else None
        if first is None:
            return [stmt.where(c) for c, _ in windowed] if windowed else [stmt]
        # A page: each kind's first entries in order, from an index on its date (migration
        # 0007), then its undated ones by id; the page is among them. After an entry, each
        # kind's entries after it (keyset pages).
        day = getattr(model, date)
        later_dated: Any = true()
        later_undated: Any = true()
        if after is not None:
            after_date, after_kind, after_id = after
            later_dated, later_undated = entries_after(
                day, literal(KINDS.index(kind)), model.id, dated=true() if after_date is not None else false(),
                after_date=literal(after_date, Date), after_kind=after_kind, after_id=after_id,
            )  # fmt: skip
        if windowed:  # (undated entries are in no window)
            paged = [stmt.where(c, later_dated).order_by(key, model.id).limit(first) for c, key in windowed]
        else:
            paged = [
                stmt.where(day.is_not(None), later_dated).order_by(day, model.id).limit(first),
                stmt.where(day.is_(None), later_undated).order_by(model.id).limit(first),
            ]
        return [select(sub.subquery()) for sub in paged]

    deponent = aliased(Party)
    status_title = literal("Status: ") + col(CaseStatus.status)
    own_filings = col(Filing.id).in_(
        select(col(FilingFiler.filing_id))
        .join(Actor, col(Actor.id) == col(FilingFiler.actor_id))
        .where(col(Actor.party_id) == party_id)
    )
    own_rulings = col(Ruling.id).in_(select(col(Sanction.ruling_id)).where(col(Sanction.party_id) == party_id))
    parts = {
        "event": part("event", "date", Event.kind, Event.title, Event.description, None),
        "filing": part("filing", "date_filed", Filing.kind, Filing.title, Filing.description, own_filings),
        "deposition": part("deposition", "date_taken", literal("deposition"),
                           literal("Deposition of ") + deponent.name, Deposition.description,
                           Deposition.deponent_id == party_id),
        "ruling": part("ruling", "date_decided", Ruling.kind, Ruling.title, Ruling.outcome, own_rulings),
        "status": part("status", "as_of", CaseStatus.status, status_title, CaseStatus.note, None),
        "quote": part("quote", "date", Quote.setting, Quote.text, Quote.context, speaker.party_id == party_id),
    }  # fmt: skip
    chosen = [stmt for k in KINDS if not kinds or k in kinds for stmt in parts[k]]
    sub = union_all(*chosen).subquery()
    stmt = select(sub).order_by(sub.c.d.is_(None), sub.c.d, sub.c.k, sub.c.row_id)
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    rows = session.connection().execute(stmt).mappings().all()
    cases = cases_of(session, [(KINDS[m["k"]], m["row_id"]) for m in rows])
    cited = _sources(session, [(KINDS[m["k"]], m["row_id"]) for m in rows]) if with_sources else {}
    out = []
    for m in rows:
        of = cases.get((KINDS[m["k"]], m["row_id"]), ())
        out.append(
            ChronologyEntry(
                KINDS[m["k"]], m["slug"], date_of(m, "d"), m["subkind"], m["title"], m["detail"],
                tuple(slug for slug, _name in of), tuple(name for _slug, name in of), m["speaker"],
                cited.get((KINDS[m["k"]], m["row_id"]), ()),
            )
        )  # fmt: skip
    return list(rows), out


def _sources(session: Session, records: list[tuple[str, int]]) -> dict[tuple[str, int], tuple[SourceRef, ...]]:
    """Each record's sources: its citations (a status's are the case status's), or a quote's
    own source and place."""
    ids: dict[str, list[int]] = {}
    for kind, row_id in records:
        ids.setdefault(kind, []).append(row_id)
    quote_ids = ids.pop("quote", [])
    found = sources_of(session, {"case_status" if k == "status" else k: row_ids for k, row_ids in ids.items()})
    out = {("status" if table == "case_status" else table, row_id): refs for (table, row_id), refs in found.items()}
    if quote_ids:
        stmt = quote_select().where(col(Quote.id).in_(quote_ids))
        for m in run(session, stmt).mappings():
            out[("quote", m["quote_id"])] = (quote_summary(m).source,)
    return out
