"""Read services: plain functions taking ``session=`` and returning plain read models.

No ORM row ever leaves this module; the UI and the CLI get frozen dataclasses. Nothing here
imports Textual.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import Boolean, Date, Result, Select, and_, bindparam, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session, col
from sqlmodel import select as orm_select

from casetrack import caselist, locators
from casetrack.caselist import CASE_SORTS as CASE_SORTS
from casetrack.caselist import DATE_PARTS, contains, date_cols, date_of, like_escaped
from casetrack.caselist import CaseSummary as CaseSummary
from casetrack.caserows import date_from_parts
from casetrack.dates import PartialDate
from casetrack.db import CasetrackError
from casetrack.jsonable import to_jsonable as to_jsonable
from casetrack.models import (
    Actor,
    CaseRole,
    CaseStatus,
    Citation,
    Court,
    Deposition,
    Event,
    EventCase,
    Filing,
    FilingCase,
    LegalCase,
    Party,
    Quote,
    QuoteCase,
    QuotePart,
    Ruling,
    RulingCase,
    Sanction,
    Source,
)
from casetrack.vocab import Role, confidence_note, label


class NotFound(CasetrackError):
    """An unknown slug; the message suggests the closest known one."""

    exit_code = 1


def pd_of(row: Any, name: str) -> PartialDate | None:
    """The date ``name`` of an ORM row (its six columns)."""
    return date_from_parts(*(getattr(row, name + part) for part in DATE_PARTS))


def run(session: Session, stmt: Select[*tuple[Any, ...]]) -> Result[*tuple[Any, ...]]:
    """Run a query of columns in the session's transaction. (SQLModel's ``Session.exec`` is
    typed for SQLModel's own ``select``, which takes at most four columns; these queries use
    SQLAlchemy's.)"""
    return session.connection().execute(stmt)


def not_found(session: Session, model: Any, what: str, slug: str) -> NotFound:
    part = like_escaped(slug[:3])
    like = f"%{part}%" if len(slug) >= 3 else f"{part}%"
    near = select(model.slug).where(model.slug.like(like, escape="\\")).limit(2000)
    candidates = list(run(session, near).scalars())
    if len(candidates) < 50:
        candidates += run(session, select(model.slug).limit(2000)).scalars()
    close = difflib.get_close_matches(slug, candidates, n=1, cutoff=0.5)
    # A word of a slug ('coomer') is too short for difflib: offer the slugs holding it.
    holding = sorted({c for c in candidates if slug.lower() in c.lower()})
    if difflib.get_close_matches(slug, close, n=1, cutoff=0.8):  # a slip of the keyboard
        hint = f"; did you mean {close[0]!r}?"
    elif len(holding) > 1:
        more = f" (and {len(holding) - 3} more)" if len(holding) > 3 else ""
        hint = f"; did you mean one of {', '.join(map(repr, holding[:3]))}{more}?"
    elif holding or close:
        hint = f"; did you mean {(holding or close)[0]!r}?"
    else:
        hint = ""
    return NotFound(f"no {what} {slug!r}{hint}")


# --- read models -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a fact stands: a source document and the place in it."""

    source: str
    title: str
    publisher: str | None
    locator: str
    confidence: str = "high"
    note: str | None = None
    short_title: str | None = None
    #: the source's date of publication
    date: PartialDate | None = None
    #: the byline, where the source names one
    author: str | None = None

    #: JSON carries the name a reader sees beside the slugs (casetrack.jsonable).
    JSON_EXTRA: ClassVar[tuple[str, ...]] = ("name",)

    @property
    def place(self) -> str:
        """The locator as a reader sees it: 'p12' is '¶12', 'p36-p40' is '¶36–40'; a
        background fact stays 'B06'."""
        return locators.place(self.locator)

    @property
    def name(self) -> str:
        """The source, told apart from the others: 'NYT: Trump campaign memo, 21 Sep 2021'."""
        return locators.source_name(self.short_title, self.title, self.date.display() if self.date else None)

    @property
    def ref(self) -> str:
        """The reference ``casetrack source`` and the source view read: 'nyt-coomer-memo:p34'."""
        return f"{self.source}:{self.locator}"

    def display(self) -> str:
        """The citation: 'NYT: Trump campaign memo, 21 Sep 2021, ¶34' (and a note of medium
        confidence)."""
        return f"{self.name}, {self.place}{confidence_note(self.confidence)}"


def citations(refs: Sequence[SourceRef]) -> str:
    """Several citations, each source named once with its places, in order: 'NYT: Trump
    campaign memo, 21 Sep 2021, ¶3, ¶5; Background facts, B04'."""
    places: dict[str, list[str]] = {}
    for ref in refs:
        places.setdefault(ref.name, []).append(f"{ref.place}{confidence_note(ref.confidence)}")
    return "; ".join(f"{name}, {', '.join(where)}" for name, where in places.items())


@dataclass(frozen=True, slots=True)
class StatusEntry:
    slug: str
    status: str
    as_of: PartialDate
    set_by: str | None
    note: str | None
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True, slots=True)
class CaseDetail:
    slug: str
    case_name: str
    short_name: str
    kind: str
    court: str | None
    court_slug: str | None
    docket_number: str | None
    nature_of_suit: str | None
    judges: tuple[str, ...]
    date_filed: PartialDate | None
    date_terminated: PartialDate | None
    disposition: str | None
    parent: str | None
    children: tuple[str, ...]
    summary: str | None
    status: StatusEntry | None
    status_history: tuple[StatusEntry, ...]
    counts: dict[str, int]
    sources: tuple[SourceRef, ...]
    parent_name: str | None = None  # the short name of ``parent``
    children_names: tuple[str, ...] = ()  # the short names of ``children``, in the same order

    @property
    def related(self) -> tuple[tuple[str, str], ...]:
        """(slug, short name) of the case it arises from, then of the matters arising from it."""
        parent = ((self.parent, self.parent_name or self.parent),) if self.parent else ()
        return (*parent, *zip(self.children, self.children_names, strict=True))


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    kind: str  # one of TIMELINE_KINDS
    slug: str
    date: PartialDate | None
    subkind: str
    title: str
    detail: str | None
    also_in: tuple[str, ...] = ()  # the other cases the record belongs to (one ruling in three suits)
    also_in_names: tuple[str, ...] = ()  # their short names, in the same order
    sources: tuple[SourceRef, ...] = ()  # where the entry's facts stand


#: The kinds of record on a case's timeline (its own, or shared with it through a link table).
TIMELINE_KINDS = ("filing", "deposition", "ruling", "event")

#: Where a timeline page ends: its last entry's date (None: undated), kind and row id.
TimelineEnd = tuple[Any, str, int]


@dataclass(frozen=True, slots=True)
class TimelinePage:
    """A page of a case's timeline, where it ends (None when empty), and whether more may follow."""

    entries: list[TimelineEntry]
    end: TimelineEnd | None
    more: bool


@dataclass(frozen=True, slots=True)
class RoleEntry:
    party: str
    party_name: str
    party_kind: str
    role: str
    for_party: str | None
    for_party_name: str | None
    until: PartialDate | None
    note: str | None
    sources: tuple[SourceRef, ...] = ()  # where the role stands


@dataclass(frozen=True, slots=True)
class QuoteSummary:
    slug: str
    text: str
    speaker: str  # the actor's slug: a party's slug, 'court/<court>' or 'counsel/<case>/<client>[/<lawyer>]'
    speaker_name: str  # as the source names the speaker: "Counsel for Eric Coomer"
    speaker_kind: str  # party | court | counsel
    speaker_party: str | None  # the party who spoke (the named lawyer for counsel), if any
    setting: str
    date: PartialDate | None
    case: str | None  # the case the quote is filed under; None when it bears on none
    case_short_name: str | None
    source: SourceRef


@dataclass(frozen=True, slots=True)
class QuoteDetail:
    slug: str
    text: str
    speaker: str
    speaker_name: str
    speaker_kind: str
    speaker_party: str | None  # the party who spoke, to open; None for a court or unnamed counsel
    speaker_description: str | None
    setting: str
    origin_kind: str | None
    origin_slug: str | None
    origin_title: str | None
    date: PartialDate | None
    context: str | None
    cases: tuple[tuple[str, str], ...]  # (slug, short name); the main case first; may be empty
    parts: tuple[str, ...]  # the verbatim parts of a quote the source interrupts (else empty)
    source: SourceRef
    source_date: PartialDate | None

    def citation_line(self) -> str:
        """The quote as a reporter cites it: words, speaker, setting and date, then the source by
        name and place, its headline, publisher and byline where known. (The schema keeps no
        URL for a source, so none is given: never an invented one.)"""
        when = f", {self.date.display()}" if self.date else ""
        src = self.source
        about = [f"“{src.title}”"] if src.short_title else []
        about += locators.publisher_and_byline(src.publisher, src.author)
        more = f" ({', '.join(about)})" if about else ""
        said = f"“{self.text}” — {self.speaker_name} ({label(self.setting)}{when})"
        return f"{said}. Source: {src.display()}{more}."


@dataclass(frozen=True, slots=True)
class PartySummary:
    slug: str
    name: str
    kind: str
    description: str | None
    cases: int
    quotes: int


@dataclass(frozen=True, slots=True)
class PartyCaseRole:
    case: str
    case_short_name: str
    case_kind: str
    role: str
    for_party_name: str | None


@dataclass(frozen=True, slots=True)
class PartyDetail:
    slug: str
    name: str
    kind: str
    short_name: str | None
    description: str | None
    roles: tuple[PartyCaseRole, ...]
    quotes: tuple[QuoteSummary, ...]
    sanctions: tuple[str, ...]
    sources: tuple[SourceRef, ...]


# --- cases -----------------------------------------------------------------------------


def list_cases(
    *,
    session: Session,
    kind: str | None = None,
    status: str | None = None,
    text: str | None = None,
    sort: str = "name",
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[CaseSummary]:
    """A page of cases with their current status, latest activity and counts (casetrack.caselist)."""
    return caselist.list_cases(
        session.connection(),
        kind=kind,
        status=status,
        text=text,
        sort=sort,
        descending=descending,
        limit=limit,
        offset=offset,
    )


def count_cases(
    *, session: Session, kind: str | None = None, status: str | None = None, text: str | None = None
) -> int:
    return caselist.count_cases(session.connection(), kind=kind, status=status, text=text)


def saved_id(row: Any) -> int:
    """The id of a row read from the database (its model types it ``int | None``: None only
    before it is first flushed)."""
    if row.id is None:
        raise CasetrackError(f"{type(row).__name__} {getattr(row, 'slug', '')!r} has no id: it was never saved")
    return int(row.id)


def case_id_of(session: Session, slug: str) -> int:
    case_id = run(session, select(col(LegalCase.id)).where(col(LegalCase.slug) == slug)).scalar()
    if case_id is None:
        raise not_found(session, LegalCase, "case", slug)
    return int(case_id)


def case_id_named(session: Session, text: str) -> int:
    """The case a slug names, or else the one case whose short name or caption is ``text``
    (any case), or else the one whose short name contains it ("coomer")."""
    case_id = run(session, select(col(LegalCase.id)).where(col(LegalCase.slug) == text)).scalar()
    if case_id is not None:
        return int(case_id)
    said = " ".join(text.split()).lower()
    for match in (
        or_(func.lower(LegalCase.short_name) == said, func.lower(col(LegalCase.case_name)) == said),
        contains(LegalCase.short_name, said),
    ):
        stmt: Select[*tuple[Any, ...]] = (
            select(col(LegalCase.id).label("id"), col(LegalCase.slug).label("slug")).where(match).limit(6)
        )
        named = run(session, stmt).mappings().all()
        if len(named) == 1:
            return int(named[0]["id"])
        if len(named) > 1:
            more = "" if len(named) < 6 else ", …"
            raise NotFound(f"{text!r} names several cases: {', '.join(sorted(m['slug'] for m in named)[:5])}{more}")
    raise not_found(session, LegalCase, "case", text)


def sources_for(session: Session, subject_type: str, subject_ids: Sequence[int]) -> dict[int, tuple[SourceRef, ...]]:
    found = sources_of(session, {subject_type: subject_ids})
    return {sid: refs for (_, sid), refs in found.items()}


def sources_of(session: Session, subjects: Mapping[str, Sequence[int]]) -> dict[tuple[str, int], tuple[SourceRef, ...]]:
    """The citations of records of several tables in one query, by (subject type, id)."""
    wanted = [
        and_(col(Citation.subject_type) == table, col(Citation.subject_id).in_(ids))
        for table, ids in subjects.items()
        if ids
    ]
    if not wanted:
        return {}
    stmt: Select[*tuple[Any, ...]] = (
        select(
            col(Citation.subject_type).label("subject_type"),
            col(Citation.subject_id).label("subject_id"),
            col(Source.slug).label("source"),
            col(Source.title).label("title"),
            col(Source.publisher).label("publisher"),
            col(Citation.locator).label("locator"),
            col(Citation.confidence).label("confidence"),
            col(Citation.note).label("note"),
            col(Source.short_title).label("short_title"),
            *date_cols(Source, "date_published", "published"),
            col(Source.author).label("author"),
        )
        .join(Source, col(Source.id) == col(Citation.source_id))
        .where(or_(*wanted))
        .order_by(col(Citation.subject_type), col(Citation.subject_id), col(Citation.position))
    )
    out: dict[tuple[str, int], list[SourceRef]] = {}
    for m in run(session, stmt).mappings():
        ref = SourceRef(
            source=m["source"], title=m["title"], publisher=m["publisher"], locator=m["locator"],
            confidence=m["confidence"], note=m["note"], short_title=m["short_title"], date=date_of(m, "published"),
            author=m["author"],
        )  # fmt: skip
        out.setdefault((m["subject_type"], m["subject_id"]), []).append(ref)
    return {k: tuple(v) for k, v in out.items()}


def _status_history(session: Session, case_id: int) -> list[StatusEntry]:
    stmt = (
        select(
            col(CaseStatus.id).label("id"),
            col(CaseStatus.slug).label("slug"),
            col(CaseStatus.status).label("status"),
            *date_cols(CaseStatus, "as_of"),
            col(CaseStatus.note).label("note"),
            col(Filing.title).label("by_filing"),
            col(Ruling.title).label("by_ruling"),
            col(Event.title).label("by_event"),
        )
        .outerjoin(Filing, col(Filing.id) == col(CaseStatus.set_by_filing_id))
        .outerjoin(Ruling, col(Ruling.id) == col(CaseStatus.set_by_ruling_id))
        .outerjoin(Event, col(Event.id) == col(CaseStatus.set_by_event_id))
        .where(col(CaseStatus.case_id) == case_id)
        .order_by(col(CaseStatus.as_of), col(CaseStatus.id))
    )
    rows = run(session, stmt).mappings().all()
    sources = sources_for(session, "case_status", [m["id"] for m in rows])
    out = []
    for m in rows:
        as_of = date_of(m, "as_of")
        if as_of is None:
            raise CasetrackError(f"case status {m['slug']!r} has no as-of date; the database is damaged")
        set_by = m["by_filing"] or m["by_ruling"] or m["by_event"]
        out.append(StatusEntry(m["slug"], m["status"], as_of, set_by, m["note"], sources.get(m["id"], ())))
    return out


def get_case(*, session: Session, slug: str) -> CaseDetail:
    case_id = case_id_of(session, slug)
    parent = aliased(LegalCase)
    case = session.get(LegalCase, case_id)
    if case is None:
        raise not_found(session, LegalCase, "case", slug)
    row = (
        run(
            session,
            select(
                col(Court.name).label("court"),
                col(Court.slug).label("court_slug"),
                col(parent.slug).label("parent"),
            )
            .select_from(LegalCase)
            .outerjoin(Court, col(Court.id) == col(LegalCase.court_id))
            .outerjoin(parent, col(parent.id) == col(LegalCase.parent_id))
            .where(col(LegalCase.id) == case_id),
        )
        .mappings()
        .one()
    )
    judges = run(
        session,
        select(col(Party.name))
        .join(CaseRole, col(CaseRole.party_id) == col(Party.id))
        .where(col(CaseRole.case_id) == case_id, col(CaseRole.role) == Role.judge.value)
        .order_by(col(CaseRole.position)),
    ).scalars()
    children = (
        run(
            session,
            select(col(LegalCase.slug).label("slug"), col(LegalCase.short_name).label("short_name"))
            .where(col(LegalCase.parent_id) == case_id)
            .order_by(col(LegalCase.slug)),
        )
        .mappings()
        .all()
    )
    parent_name = None
    if case.parent_id is not None:
        parent_name = run(
            session, select(col(LegalCase.short_name)).where(col(LegalCase.id) == case.parent_id)
        ).scalar()
    history = _status_history(session, case_id)
    # Every count in one statement: each statement is a round trip through the driver.
    counted: dict[str, Any] = {
        "filings": select(caselist.n_filings(case_id)),
        "depositions": select(func.count()).where(col(Deposition.case_id) == case_id),
        "rulings": select(
            select(func.count()).where(col(Ruling.case_id) == case_id).scalar_subquery()
            + select(func.count()).where(col(RulingCase.case_id) == case_id).scalar_subquery()
        ),
        "events": select(
            select(func.count()).where(col(Event.case_id) == case_id).scalar_subquery()
            + select(func.count()).where(col(EventCase.case_id) == case_id).scalar_subquery()
        ),
        "quotes": select(func.count()).select_from(Quote).where(_case_quote_ids(case_id)),
        "parties": select(func.count()).where(col(CaseRole.case_id) == case_id),
    }
    numbers = run(session, select(*[q.scalar_subquery().label(name) for name, q in counted.items()])).mappings().one()
    counts = {name: int(numbers[name]) for name in counted}
    return CaseDetail(
        slug=case.slug, case_name=case.case_name, short_name=case.short_name, kind=case.kind,
        court=row["court"], court_slug=row["court_slug"], docket_number=case.docket_number,
        nature_of_suit=case.nature_of_suit, judges=tuple(judges),
        date_filed=pd_of(case, "date_filed"), date_terminated=pd_of(case, "date_terminated"),
        disposition=case.disposition, parent=row["parent"], children=tuple(c["slug"] for c in children),
        summary=case.summary, status=history[-1] if history else None, status_history=tuple(history),
        counts=counts, sources=sources_for(session, "legal_case", [case_id]).get(case_id, ()),
        parent_name=parent_name, children_names=tuple(c["short_name"] for c in children),
    )  # fmt: skip


@functools.cache
def _timeline_statement(paged: bool, after: bool = False) -> Select[Any]:
    """A case's timeline (parameter ``case_id``), in order; ``paged`` adds ``limit`` and
    ``offset`` parameters, and ``after`` starts after an entry (parameters ``after_dated``,
    ``after_d``, ``after_kind``, ``after_id``: see :func:`case_timeline_page`). Built once:
    building the statement costs more than running it."""
    case_id: Any = bindparam("case_id")
    sub = union_all(*_timeline_parts(case_id, bindparam("first") if paged else None, after)).subquery()
    stmt = select(sub).order_by(sub.c.d.is_(None), sub.c.d, sub.c.kind, sub.c.row_id)
    return stmt.limit(bindparam("limit")).offset(bindparam("offset")) if paged else stmt


def _timeline_parts(case_id: Any, first: Any | None, after: bool = False) -> list[Any]:
    """The timeline's records of each kind, as selects with the same columns.

    With ``first``, each kind gives only its first ``first`` entries in timeline order, from
    two index range scans (dated rows by date, then undated rows by id) on
    ``ix_<table>_case_id_<date>``: a page of a case with 20,000 filings reads a page of each
    kind instead of sorting every record of the case. The first ``first`` entries of the
    whole timeline are among them. With ``after``, only the entries after the given one
    (in the timeline's order: date, undated last, then kind, then row id) are read; the
    dated ones as an index range from its date on.
    """

    def part(kind: str, model: Any, date: str, subkind: Any, title: Any, detail: Any, link: Any = None) -> list[Any]:
        day = getattr(model, date)
        stmt = select(
            literal(kind).label("kind"), model.slug.label("slug"), *date_cols(model, date, "d"),
            subkind.label("subkind"), title.label("title"), detail.label("detail"), model.id.label("row_id"),
            literal(link is not None).label("shared"),
        )  # fmt: skip
        if link is None:
            stmt = stmt.where(model.case_id == case_id)
        else:  # the records another case shares with this one
            stmt = stmt.join(link, getattr(link, f"{model.__tablename__}_id") == model.id).where(
                link.case_id == case_id
            )
        if model is Deposition:
            stmt = stmt.join(deponent, col(deponent.id) == col(Deposition.deponent_id))
        if first is None:
            return [stmt]
        dated = stmt.where(day.is_not(None)).order_by(day, model.id).limit(first)
        undated = stmt.where(day.is_(None)).order_by(model.id).limit(first)
        if after:
            later_dated, later_undated = entries_after(
                day, literal(kind), model.id, dated=bindparam("after_dated", type_=Boolean).is_(True),
                after_date=bindparam("after_d", type_=Date), after_kind=bindparam("after_kind"),
                after_id=bindparam("after_id"),
            )  # fmt: skip
            dated = dated.where(later_dated)
            undated = undated.where(later_undated)
        return [select(sub) for sub in (dated.subquery(), undated.subquery())]

    deponent = aliased(Party)
    filing = (Filing, "date_filed", Filing.kind, Filing.title, Filing.description)
    ruling = (Ruling, "date_decided", Ruling.kind, Ruling.title, Ruling.outcome)
    event = (Event, "date", Event.kind, Event.title, Event.description)
    return [
        *part("filing", *filing),
        *part("filing", *filing, link=FilingCase),
        *part("deposition", Deposition, "date_taken", literal("deposition"),
              literal("Deposition of ") + deponent.name, Deposition.description),
        *part("ruling", *ruling),
        *part("ruling", *ruling, link=RulingCase),
        *part("event", *event),
        *part("event", *event, link=EventCase),
    ]  # fmt: skip


def entries_after(
    date: Any, kind: Any, row_id: Any, *, dated: Any, after_date: Any, after_kind: Any, after_id: Any
) -> tuple[Any, Any]:
    """Keyset pages of a list in (date, undated last, kind, row id) order (a case's timeline,
    the chronology): the conditions that a dated row, and an undated row, of the columns
    ``date``, ``kind`` and ``row_id`` comes after the entry at ``after_date`` (``dated``
    false: an undated entry), ``after_kind`` and ``after_id``. A dated row's condition reads
    an index on the date from ``after_date`` on."""
    same_date_later = or_(kind > after_kind, and_(kind == after_kind, row_id > after_id))
    return and_(dated, date >= after_date, or_(date > after_date, same_date_later)), or_(dated, same_date_later)


def case_timeline(*, session: Session, slug: str, limit: int | None = None, offset: int = 0) -> list[TimelineEntry]:
    """Filings, depositions, rulings and events of a case in date order (undated last)."""
    case_id = case_id_of(session, slug)
    params: dict[str, Any] = {"case_id": case_id}
    if limit is not None:
        params.update(first=offset + limit, limit=limit, offset=offset)
    rows = session.connection().execute(_timeline_statement(limit is not None), params).mappings().all()
    rows = rows if limit is not None else rows[offset:]
    return _timeline_entries(session, slug, rows)


def case_timeline_page(*, session: Session, slug: str, limit: int, after: TimelineEnd | None = None) -> TimelinePage:
    """The ``limit`` timeline entries of a case after ``after`` (the end of the previous page;
    None for the first page), in :func:`case_timeline`'s order.

    A page starts after the last entry shown, not at a count of rows, so a load that commits
    between two pages neither repeats an entry nor skips one that was there all along.
    """
    case_id = case_id_of(session, slug)
    params: dict[str, Any] = {"case_id": case_id, "first": limit, "limit": limit, "offset": 0}
    if after is not None:
        d, kind, row_id = after
        params.update(after_dated=d is not None, after_d=d, after_kind=kind, after_id=row_id)
    rows = session.connection().execute(_timeline_statement(True, after is not None), params).mappings().all()
    end = (rows[-1]["d"], rows[-1]["kind"], rows[-1]["row_id"]) if rows else None
    return TimelinePage(_timeline_entries(session, slug, rows), end, len(rows) == limit)


def _timeline_entries(session: Session, case_slug: str, rows: Sequence[Any]) -> list[TimelineEntry]:
    """The timeline's rows as entries: each with its sources and the other cases it belongs to."""
    records = [(m["kind"], m["row_id"]) for m in rows if m["shared"] or m["kind"] in _LINKS]
    shared = {key: tuple(sorted(c for c in of if c[0] != case_slug)) for key, of in cases_of(session, records).items()}
    ids: dict[str, list[int]] = {}
    for m in rows:
        ids.setdefault(m["kind"], []).append(m["row_id"])
    sources = sources_of(session, ids)
    out = []
    for m in rows:
        key = (m["kind"], m["row_id"])
        others = shared.get(key, ())
        out.append(
            TimelineEntry(
                m["kind"], m["slug"], date_of(m, "d"), m["subkind"], m["title"], m["detail"],
                tuple(slug for slug, _name in others), tuple(name for _slug, name in others), sources.get(key, ()),
            )
        )  # fmt: skip
    return out


def case_slug_and_name() -> tuple[Any, Any]:
    """A case's slug and short name, labelled ``slug`` and ``name``."""
    return col(LegalCase.slug).label("slug"), col(LegalCase.short_name).label("name")


#: Each kind of record (the chronology's kinds), with its model and the link table of the
#: further cases the seed gives it (None: it belongs to its own case only).
RECORD_MODELS: dict[str, tuple[Any, Any]] = {
    "event": (Event, EventCase),
    "filing": (Filing, FilingCase),
    "deposition": (Deposition, None),
    "ruling": (Ruling, RulingCase),
    "status": (CaseStatus, None),
    "quote": (Quote, QuoteCase),
}


def of_cases(model: Any, link: Any, match: Callable[[Any], Any]) -> Any:
    """SQL: a record is in the case(s) ``match`` keeps (given a case id column): its own
    case, or (for records with a ``link`` table, :data:`RECORD_MODELS`) a linked one."""
    if link is None:
        return match(model.case_id)
    key = getattr(link, f"{model.__tablename__}_id")
    return or_(match(model.case_id), model.id.in_(select(key).where(match(link.case_id))))


def cases_of(
    session: Session, records: Sequence[tuple[str, int]]
) -> dict[tuple[str, int], tuple[tuple[str, str], ...]]:
    """Every case each record (kind, row id; kinds as :data:`RECORD_MODELS`) belongs to, as
    (slug, short name): its own case first, then the cases its link table names, by short name.
    A record of no case is left out."""
    out: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for kind, (model, link) in RECORD_MODELS.items():
        ids = [row_id for k, row_id in records if k == kind]
        if not ids:
            continue
        of_case = case_slug_and_name()
        stmts = [
            select(model.id.label("row_id"), *of_case)
            .join(LegalCase, col(LegalCase.id) == model.case_id)
            .where(model.id.in_(ids))
        ]
        if link is not None:
            key = getattr(link, f"{kind}_id")
            stmts.append(
                select(key.label("row_id"), *of_case)
                .join(LegalCase, col(LegalCase.id) == link.case_id)
                .where(key.in_(ids))
                .order_by(col(LegalCase.short_name))
            )
        for stmt in stmts:
            for m in run(session, stmt).mappings():
                entry = out.setdefault((kind, m["row_id"]), [])
                if (m["slug"], m["name"]) not in entry:
                    entry.append((m["slug"], m["name"]))
    return {k: tuple(v) for k, v in out.items()}


def count_timeline(*, session: Session, slug: str) -> int:
    """How many entries :func:`case_timeline` has: four index-only counts, no union to build."""
    case_id = case_id_of(session, slug)
    counts = [
        select(func.count()).where(model.case_id == case_id).scalar_subquery()
        for kind, (model, _link) in RECORD_MODELS.items()
        if kind in TIMELINE_KINDS
    ]
    counts += [select(func.count()).where(link.case_id == case_id).scalar_subquery() for link in _LINKS.values()]
    row: Any = run(session, select(*counts)).one()
    return sum(int(n) for n in row)


#: The link tables of the timeline's records that may belong to further cases (a timeline has
#: no quotes).
_LINKS: dict[str, Any] = {
    kind: link for kind, (_model, link) in RECORD_MODELS.items() if link is not None and kind in TIMELINE_KINDS
}


def case_parties(*, session: Session, slug: str) -> list[RoleEntry]:
    case_id = case_id_of(session, slug)
    client = aliased(Party)
    stmt = (
        select(
            col(Party.slug).label("party"),
            col(Party.name).label("party_name"),
            col(Party.kind).label("party_kind"),
            col(CaseRole.role).label("role"),
            col(client.slug).label("for_party"),
            col(client.name).label("for_party_name"),
            *date_cols(CaseRole, "until"),
            col(CaseRole.note).label("note"),
        )
        .join(Party, col(Party.id) == col(CaseRole.party_id))
        .outerjoin(client, col(client.id) == col(CaseRole.for_party_id))
        .where(col(CaseRole.case_id) == case_id)
        .order_by(col(CaseRole.position), col(CaseRole.id))
    )
    rows = run(session, stmt.add_columns(col(CaseRole.id).label("role_id"))).mappings().all()
    sources = sources_for(session, "case_role", [m["role_id"] for m in rows])
    return [
        RoleEntry(
            m["party"], m["party_name"], m["party_kind"], m["role"], m["for_party"], m["for_party_name"],
            date_of(m, "until"), m["note"], sources.get(m["role_id"], ()),
        )
        for m in rows
    ]  # fmt: skip


def quote_select() -> Select[Any]:
    spoke = aliased(Party)
    return (
        select(
            col(Quote.slug).label("slug"),
            col(Quote.text).label("text"),
            col(Actor.slug).label("speaker"),
            col(Actor.name).label("speaker_name"),
            col(Actor.kind).label("speaker_kind"),
            col(spoke.slug).label("speaker_party"),
            col(Quote.setting).label("setting"),
            *date_cols(Quote, "date"),
            col(LegalCase.slug).label("case"),
            col(LegalCase.short_name).label("case_short_name"),
            col(Source.slug).label("source"),
            col(Source.title).label("source_title"),
            col(Source.publisher).label("source_publisher"),
            col(Quote.source_locator).label("source_locator"),
            col(Source.short_title).label("source_short_title"),
            *date_cols(Source, "date_published", "source_published"),
            col(Source.author).label("source_author"),
            col(Quote.id).label("quote_id"),  # last: where a page of quotes ends (quote_page)
        )
        .join(Actor, col(Actor.id) == col(Quote.speaker_actor_id))
        .outerjoin(spoke, col(spoke.id) == col(Actor.party_id))
        .outerjoin(LegalCase, col(LegalCase.id) == col(Quote.case_id))
        .join(Source, col(Source.id) == col(Quote.source_id))
    )


def quote_summary(m: Any) -> QuoteSummary:
    """A row of :func:`quote_select` (its ``_mapping``) as a read model."""
    return QuoteSummary(
        m["slug"], m["text"], m["speaker"], m["speaker_name"], m["speaker_kind"], m["speaker_party"], m["setting"],
        date_of(m, "date"), m["case"], m["case_short_name"],
        SourceRef(
            m["source"], m["source_title"], m["source_publisher"], m["source_locator"],
            short_title=m["source_short_title"], date=date_of(m, "source_published"), author=m["source_author"],
        ),
    )  # fmt: skip


def _spoken_by(session: Session, slug: str) -> Any:
    """Quotes a party said in person (also as named counsel), or one actor ('court/...') said."""
    return col(Quote.speaker_actor_id).in_(speaker_ids(session, slug))


def speaker_ids(session: Session, slug: str) -> list[int]:
    """The actor ids whose words are a party's (in person, or as named counsel), or the one
    actor (``court/...``, ``counsel/...``) that ``slug`` names."""
    actor = run(session, select(col(Actor.id)).where(col(Actor.slug) == slug, col(Actor.kind) != "party")).scalar()
    if actor is not None:
        return [int(actor)]
    party_id = party_id_of(session, slug)
    return [int(i) for i in run(session, select(col(Actor.id)).where(col(Actor.party_id) == party_id)).scalars()]


def _case_quote_ids(case_id: int) -> Any:
    return of_cases(Quote, QuoteCase, lambda c: c == case_id)


def _quotes_in_order(session: Session, case: str | None, speaker: str | None) -> Select[Any]:
    stmt = quote_select()
    if case is not None:
        stmt = stmt.where(_case_quote_ids(case_id_of(session, case)))
    if speaker is not None:
        stmt = stmt.where(_spoken_by(session, speaker))
    return stmt.order_by(col(Quote.date).is_(None), col(Quote.date), col(Quote.id))


def list_quotes(
    *, session: Session, case: str | None = None, speaker: str | None = None, limit: int | None = None, offset: int = 0
) -> list[QuoteSummary]:
    """Quotes, optionally of one case (including quotes that also bear on it) or one speaker."""
    stmt = _quotes_in_order(session, case, speaker)
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    return [quote_summary(m) for m in run(session, stmt).mappings()]


#: Where a page of quotes ends: its last quote's date (None: undated) and id.
QuoteEnd = tuple[Any, int]


@dataclass(frozen=True, slots=True)
class QuotePage:
    """A page of quotes, where it ends (None when empty), and whether more may follow."""

    quotes: list[QuoteSummary]
    end: QuoteEnd | None
    more: bool


def quote_page(
    *,
    session: Session,
    case: str | None = None,
    speaker: str | None = None,
    limit: int,
    after: QuoteEnd | None = None,
) -> QuotePage:
    """The ``limit`` quotes after ``after`` (the end of the previous page; None for the first),
    in :func:`list_quotes`' order (by date, undated last, then id). A page starts after the
    last quote shown, so a load that commits between pages neither repeats nor skips one."""
    stmt = _quotes_in_order(session, case, speaker)
    if after is not None:
        d, quote_id = after
        later = col(Quote.id) > quote_id
        undated = col(Quote.date).is_(None)
        if d is None:
            stmt = stmt.where(undated, later)
        else:
            dates: Any = col(Quote.date)
            stmt = stmt.where(or_(dates > d, and_(dates == d, later), undated))
    rows = run(session, stmt.limit(limit)).mappings().all()
    end = (rows[-1]["date"], rows[-1]["quote_id"]) if rows else None
    return QuotePage([quote_summary(m) for m in rows], end, len(rows) == limit)


def get_quote(*, session: Session, slug: str) -> QuoteDetail:
    quote = session.exec(orm_select(Quote).where(col(Quote.slug) == slug)).first()
    if quote is None:
        raise not_found(session, Quote, "quote", slug)
    actor = session.get(Actor, quote.speaker_actor_id)
    source = session.get(Source, quote.source_id)
    if actor is None or source is None:
        raise CasetrackError(f"quote {slug!r} names no speaker or source; the database is damaged")
    person = session.get(Party, actor.party_id) if actor.party_id is not None else None
    origin_kind = origin_slug = origin_title = None
    origins: list[tuple[str, Deposition | Ruling | Filing | Event | None]] = [
        ("deposition", session.get(Deposition, quote.deposition_id) if quote.deposition_id is not None else None),
        ("ruling", session.get(Ruling, quote.ruling_id) if quote.ruling_id is not None else None),
        ("filing", session.get(Filing, quote.filing_id) if quote.filing_id is not None else None),
        ("event", session.get(Event, quote.event_id) if quote.event_id is not None else None),
    ]
    for kind, obj in origins:
        if obj is None:
            continue
        origin_kind, origin_slug = kind, obj.slug
        if isinstance(obj, Deposition):
            deponent = session.get(Party, obj.deponent_id)
            origin_title = f"Deposition of {deponent.name if deponent else '?'}"
        else:
            origin_title = obj.title
    quote_id = saved_id(quote)
    cases = cases_of(session, [("quote", quote_id)]).get(("quote", quote_id), ())
    parts = run(
        session,
        select(col(QuotePart.text)).where(col(QuotePart.quote_id) == quote_id).order_by(col(QuotePart.position)),
    ).scalars()
    return QuoteDetail(
        slug=quote.slug, text=quote.text, speaker=actor.slug, speaker_name=actor.name, speaker_kind=actor.kind,
        speaker_party=person.slug if person else None,
        speaker_description=person.description if person and actor.kind == "party" else None,
        setting=quote.setting, origin_kind=origin_kind,
        origin_slug=origin_slug, origin_title=origin_title, date=pd_of(quote, "date"),
        context=quote.context, cases=cases, parts=tuple(parts),
        source=SourceRef(
            source.slug, source.title, source.publisher, quote.source_locator,
            short_title=source.short_title, date=pd_of(source, "date_published"), author=source.author,
        ),
        source_date=pd_of(source, "date_published"),
    )  # fmt: skip


def _in_case(model: Any, case_id: int) -> Any:
    """A filing, ruling or event of the case: its own, or shared with it."""
    return of_cases(model, _LINKS[model.__tablename__], lambda c: c == case_id)


@dataclass(frozen=True, slots=True)
class CitedFact:
    """A citation on a case's Sources tab: what it supports and where that stands."""

    what: str  # 'status: pending', 'filing: Complaint of Eric Coomer', 'quote: Sidney Powell, “…”'
    ref: SourceRef
    kind: str  # case | role | status | filing | deposition | ruling | event | quote
    slug: str  # the record's slug (the case's for 'case')

    @property
    def opens(self) -> bool:
        """Whether the record has a detail of its own: an entry (filing, ruling, deposition,
        event) or a quote."""
        return self.kind in TIMELINE_KINDS or self.kind == "quote"


def case_sources(*, session: Session, slug: str) -> list[CitedFact]:
    """Every citation behind a case and its records: what it supports, where it stands."""
    case_id = case_id_of(session, slug)

    def named(model: Any, name: Any, *more: Any) -> Select[Any]:
        """A subject's id, the name it is listed by and its slug (and ``more`` columns)."""
        return select(col(model.id).label("id"), name.label("name"), col(model.slug).label("slug"), *more)

    subjects: list[tuple[str, Any, str]] = [
        ("legal_case", named(LegalCase, literal("case")).where(col(LegalCase.id) == case_id), "case"),
        (
            "case_role",
            named(CaseRole, col(Party.name), col(CaseRole.role).label("role"))
            .join(Party, col(Party.id) == col(CaseRole.party_id))
            .where(col(CaseRole.case_id) == case_id),
            "role",
        ),
        ("case_status", named(CaseStatus, col(CaseStatus.status)).where(col(CaseStatus.case_id) == case_id), "status"),
        ("filing", named(Filing, col(Filing.title)).where(_in_case(Filing, case_id)), "filing"),
        (
            "deposition",
            named(Deposition, col(Party.name))
            .join(Party, col(Party.id) == col(Deposition.deponent_id))
            .where(col(Deposition.case_id) == case_id),
            "deposition",
        ),
        ("ruling", named(Ruling, col(Ruling.title)).where(_in_case(Ruling, case_id)), "ruling"),
        ("event", named(Event, col(Event.title)).where(_in_case(Event, case_id)), "event"),
    ]
    # What a row supports, by name and label, never a slug or a raw value.
    shown: dict[str, Callable[[Any], str]] = {
        "role": lambda m: f"{m['name']} ({label(m['role'])})",  # 'Sidney Powell (sanctioned attorney)'
        "status": lambda m: label(m["name"]),  # 'sanctions imposed'
    }
    out: list[CitedFact] = []
    for table, stmt, subject in subjects:
        rows = run(session, stmt).mappings().all()
        names = {m["id"]: (shown.get(subject, lambda m: str(m["name"]))(m), m["slug"]) for m in rows}
        for sid, refs in sources_for(session, table, list(names)).items():
            name, record = names[sid]
            what = f"{subject}: {name}" if subject != "case" else "case"
            out += [CitedFact(what, ref, subject, record) for ref in refs]
    for q in list_quotes(session=session, case=slug):
        # The speaker first: a cut row still says whose words they are.
        out.append(CitedFact(f"quote: {q.speaker_name}, “{q.text}”", q.source, "quote", q.slug))
    return out


# --- parties ---------------------------------------------------------------------------


def party_id_of(session: Session, slug: str) -> int:
    """The party a slug names, or else the one party whose name or short name it is
    ("giuliani" is Rudolph W. Giuliani, as the TUI's person links read)."""
    party_id = run(session, select(col(Party.id)).where(col(Party.slug) == slug)).scalar()
    if party_id is not None:
        return int(party_id)
    said = " ".join(slug.replace("-", " ").split()).lower()
    named = (
        run(
            session,
            select(col(Party.id).label("id"), col(Party.slug).label("slug")).where(
                or_(func.lower(Party.short_name) == said, func.lower(col(Party.name)) == said)
            ),
        )
        .mappings()
        .all()
    )
    if len(named) == 1:
        return int(named[0]["id"])
    if len(named) > 1:
        raise NotFound(f"{slug!r} names {len(named)} parties: {', '.join(sorted(m['slug'] for m in named))}")
    raise not_found(session, Party, "person or organization", slug)


def list_parties(
    *, session: Session, kind: str | None = None, text: str | None = None, limit: int | None = None, offset: int = 0
) -> list[PartySummary]:
    n_cases = (
        select(func.count(func.distinct(col(CaseRole.case_id))))
        .where(col(CaseRole.party_id) == col(Party.id))
        .scalar_subquery()
    )
    n_quotes = (
        select(func.count())
        .select_from(Quote)
        .join(Actor, col(Actor.id) == col(Quote.speaker_actor_id))
        .where(col(Actor.party_id) == col(Party.id))
        .scalar_subquery()
    )
    stmt = select(
        col(Party.slug).label("slug"),
        col(Party.name).label("name"),
        col(Party.kind).label("kind"),
        col(Party.description).label("description"),
        n_cases.label("cases"),
        n_quotes.label("quotes"),
    )
    if kind:
        stmt = stmt.where(col(Party.kind) == kind)
    if text:
        stmt = stmt.where(contains(Party.name, text))
    stmt = stmt.order_by(func.lower(Party.name), Party.slug)
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    return [
        PartySummary(m["slug"], m["name"], m["kind"], m["description"], m["cases"], m["quotes"])
        for m in run(session, stmt).mappings()
    ]


def get_party(*, session: Session, slug: str) -> PartyDetail:
    party_id = party_id_of(session, slug)
    party = session.get(Party, party_id)
    if party is None:
        raise not_found(session, Party, "person or organization", slug)
    client = aliased(Party)
    roles = run(
        session,
        select(
            col(LegalCase.slug).label("case"),
            col(LegalCase.short_name).label("case_short_name"),
            col(LegalCase.kind).label("case_kind"),
            col(CaseRole.role).label("role"),
            col(client.name).label("for_party_name"),
        )
        .join(LegalCase, col(LegalCase.id) == col(CaseRole.case_id))
        .outerjoin(client, col(client.id) == col(CaseRole.for_party_id))
        .where(col(CaseRole.party_id) == party_id)
        .order_by(
            col(LegalCase.date_filed).is_(None), col(LegalCase.date_filed), col(LegalCase.slug), col(CaseRole.position)
        ),
    ).mappings()
    sanctions = run(
        session,
        select(
            col(Sanction.kind).label("kind"),
            col(Sanction.description).label("description"),
            col(Ruling.title).label("ruling"),
            *date_cols(Ruling, "date_decided", "decided"),
        )
        .join(Ruling, col(Ruling.id) == col(Sanction.ruling_id))
        .where(col(Sanction.party_id) == party_id)
        .order_by(col(Ruling.date_decided), col(Sanction.slug)),
    ).mappings()
    return PartyDetail(
        slug=party.slug, name=party.name, kind=party.kind, short_name=party.short_name,
        description=party.description,
        roles=tuple(
            PartyCaseRole(m["case"], m["case_short_name"], m["case_kind"], m["role"], m["for_party_name"])
            for m in roles
        ),
        quotes=tuple(list_quotes(session=session, speaker=slug)),
        sanctions=tuple(_sanction_text(m) for m in sanctions),
        sources=sources_for(session, "party", [party_id]).get(party_id, ()),
    )  # fmt: skip


def _sanction_text(m: Any) -> str:
    """'monetary: <what> (<ruling>, 25 Aug 2021)'; a kind of 'other' is left unsaid."""
    when = date_of(m, "decided")
    origin = f"{m['ruling']}, {when.display()}" if when else m["ruling"]
    what = f"{m['description']} ({origin})" if m["description"] else origin
    return what if m["kind"] == "other" else f"{label(m['kind'])}: {what}"


# --- names -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Named:
    """A case or a party by its names, for finding it by any of them (the command palette)."""

    kind: str  # "case", or the party's kind (person, organization, group)
    slug: str
    name: str  # a case's short name; a party's name
    also: str | None  # a case's caption; a party's short name (when it differs)


def names(*, session: Session) -> list[Named]:
    """Every case and party with the names it goes by, cases first, each by name."""
    cases: Select[*tuple[Any, ...]] = select(
        literal("case").label("kind"),
        col(LegalCase.slug).label("slug"),
        col(LegalCase.short_name).label("name"),
        col(LegalCase.case_name).label("also"),
    ).order_by(func.lower(LegalCase.short_name), col(LegalCase.slug))
    parties: Select[*tuple[Any, ...]] = select(
        col(Party.kind).label("kind"),
        col(Party.slug).label("slug"),
        col(Party.name).label("name"),
        col(Party.short_name).label("also"),
    ).order_by(func.lower(Party.name), col(Party.slug))
    return [
        Named(m["kind"], m["slug"], m["name"], None if m["also"] == m["name"] else m["also"])
        for stmt in (cases, parties)
        for m in run(session, stmt).mappings()
    ]
