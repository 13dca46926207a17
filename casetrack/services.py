"""Read services: plain functions taking ``session=`` and returning plain read models.

No ORM row ever leaves this module; the UI and the CLI get frozen dataclasses. Nothing here
imports Textual.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, func, literal, literal_column, or_, select, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session

from casetrack.dates import PartialDate
from casetrack.db import CasetrackError
from casetrack.models import (
    CaseRole,
    CaseStatus,
    Citation,
    Court,
    Deposition,
    Event,
    Filing,
    LegalCase,
    Party,
    Quote,
    QuoteCase,
    Ruling,
    Sanction,
    Source,
)
from casetrack.vocab import Precision, Role


class NotFound(CasetrackError):
    """An unknown slug; the message suggests the closest known one."""

    exit_code = 1


def _pd(
    value: dt.date | None, precision: str | None, approximate: bool | None, text: str | None = None
) -> PartialDate | None:
    if value is None:
        return None
    return PartialDate(value, _precision(precision), bool(approximate), text)


_PRECISIONS = {p.value: p for p in Precision}


def _precision(value: str | None) -> Precision:
    """``Precision(value or 'day')`` without the slow Enum call (this runs once per date shown)."""
    return _PRECISIONS.get(value or "day") or Precision(value)


def _date_cols(model: Any, name: str) -> list[Any]:
    return [
        getattr(model, name),
        getattr(model, f"{name}_precision"),
        getattr(model, f"{name}_approximate"),
        getattr(model, f"{name}_text"),
    ]


_PLAIN = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def to_jsonable(value: Any) -> Any:
    """Read models to JSON-ready data; dates carry their precision."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _FIELD_NAMES.get(kind)
    if names is not None:  # a read model seen before: its field names are cached
        return {name: to_jsonable(getattr(value, name)) for name in names}
    if isinstance(value, PartialDate):
        return value.to_json()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
        return {name: to_jsonable(getattr(value, name)) for name in names}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _not_found(session: Session, model: Any, what: str, slug: str) -> NotFound:
    like = f"%{slug[:3]}%" if len(slug) >= 3 else f"{slug}%"
    candidates = [r[0] for r in session.exec(select(model.slug).where(model.slug.like(like)).limit(2000)).all()]  # type: ignore[call-overload]
    if len(candidates) < 50:
        candidates += [r[0] for r in session.exec(select(model.slug).limit(2000)).all()]  # type: ignore[call-overload]
    close = difflib.get_close_matches(slug, candidates, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
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

    @property
    def place(self) -> str:
        """The locator as a reader sees it: 'p12' is '¶12', 'p36-p40' is '¶36–40'; a
        background fact stays 'B06'."""
        m = _PARAGRAPHS.fullmatch(self.locator)
        if m is None:
            return self.locator
        return f"¶{m['first']}–{m['last']}" if m["last"] else f"¶{m['first']}"

    def display(self) -> str:
        who = self.publisher or self.title
        medium = " (medium confidence)" if self.confidence == "medium" else ""
        return f"{who}, {self.place}{medium}"


_PARAGRAPHS = re.compile(r"p(?P<first>\d+)(?:-p?(?P<last>\d+))?")


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


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    kind: str  # filing | deposition | ruling | event
    slug: str
    date: PartialDate | None
    subkind: str
    title: str
    detail: str | None


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


@dataclass(frozen=True, slots=True)
class QuoteSummary:
    slug: str
    text: str
    speaker: str
    speaker_name: str
    setting: str
    date: PartialDate | None
    case: str
    case_short_name: str
    source: SourceRef


@dataclass(frozen=True, slots=True)
class QuoteDetail:
    slug: str
    text: str
    speaker: str
    speaker_name: str
    speaker_description: str | None
    setting: str
    origin_kind: str | None
    origin_slug: str | None
    origin_title: str | None
    date: PartialDate | None
    context: str | None
    cases: tuple[tuple[str, str], ...]  # (slug, short name); the main case first
    source: SourceRef
    source_date: PartialDate | None

    def citation_line(self) -> str:
        """The quote as a reporter cites it: words, speaker, setting and date, then the source
        (publisher, headline, publication date and paragraph)."""
        when = f", {self.date.display()}" if self.date else ""
        src = self.source
        where = [src.publisher or src.title]
        if src.publisher:
            where.append(f"“{src.title}”")
        if self.source_date:
            where.append(self.source_date.display())
        where.append(src.place)
        medium = " (medium confidence)" if src.confidence == "medium" else ""
        said = f"“{self.text}” — {self.speaker_name} ({self.setting.replace('_', ' ')}{when})"
        return f"{said}. Source: {', '.join(where)}{medium}."


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

CASE_SORTS = ("name", "kind", "court", "status", "as_of", "activity", "filings", "quotes")


def _current_status_id(case_id: Any) -> Any:
    """The id of a case's latest status row (an alias, so it nests inside other status queries)."""
    latest = aliased(CaseStatus)
    return (
        select(latest.id)
        .where(latest.case_id == case_id)
        .order_by(latest.as_of.desc(), latest.id.desc())  # type: ignore[attr-defined,union-attr]
        .limit(1)
        .correlate_except(latest)
        .scalar_subquery()
    )


def _case_filters(stmt: Select[Any], kind: str | None, status: str | None, text: str | None) -> Select[Any]:
    if kind:
        stmt = stmt.where(LegalCase.kind == kind)
    if status:
        stmt = stmt.where(
            select(CaseStatus.status).where(CaseStatus.id == _current_status_id(LegalCase.id)).scalar_subquery()
            == status
        )
    if text:
        like = f"%{text.lower()}%"
        stmt = stmt.where(or_(func.lower(LegalCase.short_name).like(like), func.lower(LegalCase.case_name).like(like)))
    return stmt


def count_cases(
    *, session: Session, kind: str | None = None, status: str | None = None, text: str | None = None
) -> int:
    stmt = _case_filters(select(func.count()).select_from(LegalCase), kind, status, text)
    return int(session.exec(stmt).one()[0])  # type: ignore[call-overload]


#: The dated records whose latest date is a case's latest activity, in tie-break order.
_ACTIVITY: tuple[tuple[Any, str], ...] = (
    (Filing, "date_filed"), (Ruling, "date_decided"), (Deposition, "date_taken"), (Event, "date"),
)  # fmt: skip

#: Case ids per statement: well under SQLite's bound-variable limit (999 before 3.32).
ID_CHUNK = 500


def _latest_activity_cols(case_id: Any) -> list[Any]:
    return [
        select(func.max(getattr(model, name))).where(model.case_id == case_id).scalar_subquery()
        for model, name in _ACTIVITY
    ]


def _activity_key(session: Session) -> Any:
    """The latest of a case's four latest dates; NULL only when it has no dated record."""
    cols = _latest_activity_cols(LegalCase.id)
    if session.get_bind().dialect.name != "sqlite":
        return func.greatest(*cols)  # PostgreSQL's greatest() skips NULLs
    # SQLite's max(a, b, ...) is NULL when any argument is; dates are ISO text there, so ''
    # stands below every date and is turned back into NULL.
    empty: Any = literal_column("''")
    return func.nullif(func.max(*[func.coalesce(c, empty) for c in cols]), empty)


def _latest_row_id(model: Any, name: str, case_id: Any) -> Any:
    """The id of a case's latest dated row of ``model`` (the lowest id among equal dates)."""
    latest = aliased(model)
    column = getattr(latest, name)
    return (
        select(latest.id)
        .where(latest.case_id == case_id, column.is_not(None))
        .order_by(column.desc(), latest.id)
        .limit(1)
        .correlate_except(latest)
        .scalar_subquery()
    )


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
    """A page of cases with their current status, latest activity and counts."""
    if sort not in CASE_SORTS:
        raise CasetrackError(f"unknown sort {sort!r}; choose from {', '.join(CASE_SORTS)}")
    status_row = aliased(CaseStatus)
    n_filings = select(func.count()).where(Filing.case_id == LegalCase.id).scalar_subquery()
    n_quotes = select(func.count()).where(Quote.case_id == LegalCase.id).scalar_subquery()
    key: Any = {
        "name": func.lower(LegalCase.short_name),
        "kind": LegalCase.kind,
        "court": func.coalesce(Court.short_name, Court.name),
        "status": status_row.status,
        "as_of": status_row.as_of,
        "activity": None,
        "filings": n_filings,
        "quotes": n_quotes,
    }[sort]
    if sort == "activity":
        key = _activity_key(session)
    order = key.desc() if descending else key.asc()
    # SQLite drops the joins a sort does not use; keeping them in the statement also keeps it
    # scanning cases in id order (the order their records were written) rather than through
    # the slug index, which makes each per-case lookup a random read.
    stmt = (
        select(LegalCase.id)
        .outerjoin(Court, Court.id == LegalCase.court_id)  # type: ignore[arg-type]
        .outerjoin(status_row, status_row.id == _current_status_id(LegalCase.id))
    )
    # The name and kind of a case are never NULL; NULLS LAST would only keep an index out.
    order = order if sort in ("name", "kind") else order.nulls_last()
    stmt = _case_filters(stmt, kind, status, text).order_by(order, LegalCase.slug)
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    ids = list(session.connection().execute(stmt).scalars())
    return _case_summaries(session, ids)


@functools.cache
def _summary_select() -> Select[Any]:
    """One row per case id in the ``ids`` parameter: the summary columns and the latest
    dated record of each kind. Built once: building aliased statements is slow."""
    status_row = aliased(CaseStatus)
    latest = [(aliased(model), name) for model, name in _ACTIVITY]
    stmt = select(
        LegalCase.id,
        LegalCase.slug,
        LegalCase.short_name,
        LegalCase.case_name,
        LegalCase.kind,
        func.coalesce(Court.short_name, Court.name),
        status_row.status,
        *_date_cols(status_row, "as_of"),
        select(func.count()).where(Filing.case_id == LegalCase.id).scalar_subquery(),
        select(func.count()).where(Quote.case_id == LegalCase.id).scalar_subquery(),
        *[c for row, name in latest for c in _date_cols(row, name)[:3]],
    )
    stmt = stmt.outerjoin(Court, Court.id == LegalCase.court_id)  # type: ignore[arg-type]
    stmt = stmt.outerjoin(status_row, status_row.id == _current_status_id(LegalCase.id))
    for (row, name), (model, _) in zip(latest, _ACTIVITY, strict=True):
        stmt = stmt.outerjoin(row, row.id == _latest_row_id(model, name, LegalCase.id))
    stmt = stmt.where(LegalCase.id.in_(bindparam("ids", expanding=True)))  # type: ignore[union-attr]
    # Sorting by an expression no index gives makes SQLite compute every row in the first
    # step. Rows that are computed one step at a time each hand the GIL over, and with the
    # TUI's thread busy every hand-over can cost a switch interval (5 ms): 200 rows took
    # 0.7 s that way, against 10 ms with the sort.
    return stmt.order_by(LegalCase.id + literal(0))


def _case_summaries(session: Session, ids: list[int]) -> list[CaseSummary]:
    rows: dict[int, Any] = {}
    stmt = _summary_select()
    ordered = sorted(ids)  # neighbouring ids are neighbouring pages of the file
    for start in range(0, len(ordered), ID_CHUNK):
        chunk = ordered[start : start + ID_CHUNK]
        rows.update((row[0], row) for row in session.connection().execute(stmt, {"ids": chunk}).all())
    out = []
    for case_id in ids:
        r = rows[case_id]
        # The latest of the four latest dates; on a tie the earlier kind in _ACTIVITY wins.
        best = None
        for i in range(13, 25, 3):
            if r[i] is not None and (best is None or r[i] > r[best]):
                best = i
        activity = None if best is None else PartialDate(r[best], _precision(r[best + 1]), bool(r[best + 2]))
        out.append(
            CaseSummary(
                slug=r[1],
                short_name=r[2],
                case_name=r[3],
                kind=r[4],
                court=r[5],
                status=r[6],
                status_as_of=_pd(r[7], r[8], r[9], r[10]),
                latest_activity=activity,
                filings=r[11],
                quotes=r[12],
            )
        )
    return out


def _case_id(session: Session, slug: str) -> int:
    case_id = session.exec(select(LegalCase.id).where(LegalCase.slug == slug)).first()  # type: ignore[call-overload]
    if case_id is None:
        raise _not_found(session, LegalCase, "case", slug)
    return int(case_id[0])


def _sources_for(session: Session, subject_type: str, subject_ids: Sequence[int]) -> dict[int, tuple[SourceRef, ...]]:
    if not subject_ids:
        return {}
    stmt = (
        select(
            Citation.subject_id,
            Source.slug,
            Source.title,
            Source.publisher,
            Citation.locator,
            Citation.confidence,
            Citation.note,
        )
        .join(Source, Source.id == Citation.source_id)  # type: ignore[arg-type]
        .where(Citation.subject_type == subject_type, Citation.subject_id.in_(subject_ids))  # type: ignore[attr-defined]
        .order_by(Citation.subject_id, Citation.position)
    )
    out: dict[int, list[SourceRef]] = {}
    for sid, *rest in session.exec(stmt).all():  # type: ignore[call-overload]
        out.setdefault(sid, []).append(SourceRef(*rest))
    return {k: tuple(v) for k, v in out.items()}


def _status_history(session: Session, case_id: int) -> list[StatusEntry]:
    stmt = (
        select(
            CaseStatus.id,
            CaseStatus.slug,
            CaseStatus.status,
            *_date_cols(CaseStatus, "as_of"),
            CaseStatus.note,
            Filing.title,
            Ruling.title,
            Event.title,
        )
        .outerjoin(Filing, Filing.id == CaseStatus.set_by_filing_id)  # type: ignore[arg-type]
        .outerjoin(Ruling, Ruling.id == CaseStatus.set_by_ruling_id)  # type: ignore[arg-type]
        .outerjoin(Event, Event.id == CaseStatus.set_by_event_id)  # type: ignore[arg-type]
        .where(CaseStatus.case_id == case_id)
        .order_by(CaseStatus.as_of, CaseStatus.id)
    )
    rows = session.exec(stmt).all()  # type: ignore[call-overload]
    sources = _sources_for(session, "case_status", [r[0] for r in rows])
    out = []
    for r in rows:
        as_of = _pd(r[3], r[4], r[5], r[6])
        assert as_of is not None
        out.append(StatusEntry(r[1], r[2], as_of, r[8] or r[9] or r[10], r[7], sources.get(r[0], ())))
    return out


def get_case(*, session: Session, slug: str) -> CaseDetail:
    case_id = _case_id(session, slug)
    parent = aliased(LegalCase)
    row = session.exec(
        select(LegalCase, Court.name, Court.slug, parent.slug)  # type: ignore[call-overload]
        .outerjoin(Court, Court.id == LegalCase.court_id)
        .outerjoin(parent, parent.id == LegalCase.parent_id)
        .where(LegalCase.id == case_id)
    ).one()
    case: LegalCase = row[0]
    judges = session.exec(
        select(Party.name)  # type: ignore[call-overload]
        .join(CaseRole, CaseRole.party_id == Party.id)
        .where(CaseRole.case_id == case_id, CaseRole.role == Role.judge.value)
        .order_by(CaseRole.position)
    ).all()
    children = session.exec(
        select(LegalCase.slug).where(LegalCase.parent_id == case_id).order_by(LegalCase.slug)  # type: ignore[call-overload]
    ).all()
    history = _status_history(session, case_id)
    # Every count in one statement: each statement is a round trip through the driver.
    counted: dict[str, Any] = {
        "filings": select(func.count()).where(Filing.case_id == case_id),
        "depositions": select(func.count()).where(Deposition.case_id == case_id),
        "rulings": select(func.count()).where(Ruling.case_id == case_id),
        "events": select(func.count()).where(Event.case_id == case_id),
        "quotes": select(func.count()).select_from(Quote).where(_case_quote_ids(case_id)),
        "parties": select(func.count()).where(CaseRole.case_id == case_id),
    }
    numbers = session.exec(select(*[q.scalar_subquery() for q in counted.values()])).one()  # type: ignore[call-overload]
    counts = {name: int(n) for name, n in zip(counted, numbers, strict=True)}
    return CaseDetail(
        slug=case.slug, case_name=case.case_name, short_name=case.short_name, kind=case.kind,
        court=row[1], court_slug=row[2], docket_number=case.docket_number,
        nature_of_suit=case.nature_of_suit, judges=tuple(j[0] for j in judges),
        date_filed=_pd(case.date_filed, case.date_filed_precision, case.date_filed_approximate, case.date_filed_text),
        date_terminated=_pd(
            case.date_terminated, case.date_terminated_precision, case.date_terminated_approximate,
            case.date_terminated_text,
        ),
        disposition=case.disposition, parent=row[3], children=tuple(c[0] for c in children),
        summary=case.summary, status=history[-1] if history else None, status_history=tuple(history),
        counts=counts, sources=_sources_for(session, "legal_case", [case_id]).get(case_id, ()),
    )  # fmt: skip


@functools.cache
def _timeline_statement(paged: bool) -> Select[Any]:
    """A case's timeline (parameter ``case_id``), in order; ``paged`` adds ``limit`` and
    ``offset`` parameters. Built once: building the statement costs more than running it."""
    case_id: Any = bindparam("case_id")
    sub = union_all(*_timeline_parts(case_id, bindparam("first") if paged else None)).subquery()
    stmt = select(sub).order_by(sub.c.d.is_(None), sub.c.d, sub.c.kind, sub.c.row_id)
    return stmt.limit(bindparam("limit")).offset(bindparam("offset")) if paged else stmt


def _timeline_parts(case_id: Any, first: Any | None) -> list[Any]:
    """The timeline's records of each kind, as selects with the same columns.

    With ``first``, each kind gives only its first ``first`` entries in timeline order, from
    two index range scans (dated rows by date, then undated rows by id) on
    ``ix_<table>_case_id_<date>``: a page of a case with 20,000 filings reads a page of each
    kind instead of sorting every record of the case. The first ``first`` entries of the
    whole timeline are among them.
    """

    def part(kind: str, model: Any, date: str, subkind: Any, title: Any, detail: Any) -> list[Any]:
        cols = _date_cols(model, date)
        stmt = select(
            literal(kind).label("kind"), model.slug.label("slug"), cols[0].label("d"), cols[1].label("p"),
            cols[2].label("a"), cols[3].label("said"), subkind.label("subkind"), title.label("title"),
            detail.label("detail"), model.id.label("row_id"),
        ).where(model.case_id == case_id)  # fmt: skip
        if model is Deposition:
            stmt = stmt.join(deponent, deponent.id == Deposition.deponent_id)
        if first is None:
            return [stmt]
        dated = stmt.where(cols[0].is_not(None)).order_by(cols[0], model.id).limit(first)
        undated = stmt.where(cols[0].is_(None)).order_by(model.id).limit(first)
        return [select(sub) for sub in (dated.subquery(), undated.subquery())]

    deponent = aliased(Party)
    return [
        *part("filing", Filing, "date_filed", Filing.kind, Filing.title, Filing.description),
        *part("deposition", Deposition, "date_taken", literal("deposition"),
              literal("Deposition of ") + deponent.name, Deposition.description),
        *part("ruling", Ruling, "date_decided", Ruling.kind, Ruling.title, Ruling.outcome),
        *part("event", Event, "date", Event.kind, Event.title, Event.description),
    ]  # fmt: skip


TIMELINE_ORDER = {"filing": 0, "deposition": 1, "event": 2, "ruling": 3}


def case_timeline(*, session: Session, slug: str, limit: int | None = None, offset: int = 0) -> list[TimelineEntry]:
    """Filings, depositions, rulings and events of a case in date order (undated last)."""
    params: dict[str, Any] = {"case_id": _case_id(session, slug)}
    if limit is not None:
        params.update(first=offset + limit, limit=limit, offset=offset)
    rows = session.connection().execute(_timeline_statement(limit is not None), params).all()
    return [
        TimelineEntry(kind, slug, _pd(d, p, a, said), subkind, title, detail)
        for kind, slug, d, p, a, said, subkind, title, detail, _id in (rows if limit is not None else rows[offset:])
    ]


def count_timeline(*, session: Session, slug: str) -> int:
    """How many entries :func:`case_timeline` has: four index-only counts, no union to build."""
    case_id = _case_id(session, slug)
    counts = [select(func.count()).where(model.case_id == case_id).scalar_subquery() for model, _ in _ACTIVITY]
    row: Any = session.exec(select(*counts)).one()  # type: ignore[call-overload]
    return sum(int(n) for n in row)


def case_parties(*, session: Session, slug: str) -> list[RoleEntry]:
    case_id = _case_id(session, slug)
    client = aliased(Party)
    stmt = (
        select(
            Party.slug,
            Party.name,
            Party.kind,
            CaseRole.role,
            client.slug,
            client.name,
            *_date_cols(CaseRole, "until"),
            CaseRole.note,
        )
        .join(Party, Party.id == CaseRole.party_id)  # type: ignore[arg-type]
        .outerjoin(client, client.id == CaseRole.for_party_id)
        .where(CaseRole.case_id == case_id)
        .order_by(CaseRole.position, CaseRole.id)
    )
    return [
        RoleEntry(r[0], r[1], r[2], r[3], r[4], r[5], _pd(r[6], r[7], r[8], r[9]), r[10])
        for r in session.exec(stmt).all()  # type: ignore[call-overload]
    ]


def _quote_select() -> Select[Any]:
    speaker = aliased(Party)
    return (
        select(
            Quote.slug,
            Quote.text,
            speaker.slug,
            speaker.name,
            Quote.setting,
            *_date_cols(Quote, "date"),
            LegalCase.slug,
            LegalCase.short_name,
            Source.slug,
            Source.title,
            Source.publisher,
            Quote.source_locator,
        )
        .join(speaker, speaker.id == Quote.speaker_id)
        .join(LegalCase, LegalCase.id == Quote.case_id)  # type: ignore[arg-type]
        .join(Source, Source.id == Quote.source_id)  # type: ignore[arg-type]
    )


def _quote_summary(r: Any) -> QuoteSummary:
    return QuoteSummary(
        r[0], r[1], r[2], r[3], r[4], _pd(r[5], r[6], r[7], r[8]), r[9], r[10], SourceRef(r[11], r[12], r[13], r[14])
    )


def _case_quote_ids(case_id: int) -> Any:
    return or_(Quote.case_id == case_id, Quote.id.in_(select(QuoteCase.quote_id).where(QuoteCase.case_id == case_id)))  # type: ignore[union-attr]


def list_quotes(
    *, session: Session, case: str | None = None, speaker: str | None = None, limit: int | None = None, offset: int = 0
) -> list[QuoteSummary]:
    """Quotes, optionally of one case (including quotes that also bear on it) or one speaker."""
    stmt = _quote_select()
    if case is not None:
        stmt = stmt.where(_case_quote_ids(_case_id(session, case)))
    if speaker is not None:
        stmt = stmt.where(Quote.speaker_id == _party_id(session, speaker))
    stmt = stmt.order_by(Quote.date.is_(None), Quote.date, Quote.id)  # type: ignore[union-attr]
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    return [_quote_summary(r) for r in session.exec(stmt).all()]  # type: ignore[call-overload]


def get_quote(*, session: Session, slug: str) -> QuoteDetail:
    quote = session.exec(select(Quote).where(Quote.slug == slug)).first()  # type: ignore[call-overload]
    if quote is None:
        raise _not_found(session, Quote, "quote", slug)
    quote = quote[0]
    speaker = session.get(Party, quote.speaker_id)
    source = session.get(Source, quote.source_id)
    assert speaker is not None and source is not None
    origin_kind = origin_slug = origin_title = None
    for kind, model, attr in (
        ("deposition", Deposition, quote.deposition_id),
        ("ruling", Ruling, quote.ruling_id),
        ("filing", Filing, quote.filing_id),
        ("event", Event, quote.event_id),
    ):
        if attr is not None:
            obj = session.get(model, attr)
            assert obj is not None
            origin_kind, origin_slug = kind, obj.slug
            if isinstance(obj, Deposition):
                deponent = session.get(Party, obj.deponent_id)
                origin_title = f"Deposition of {deponent.name if deponent else '?'}"
            else:
                origin_title = obj.title  # type: ignore[union-attr]
    main = session.get(LegalCase, quote.case_id)
    assert main is not None
    others = session.exec(
        select(LegalCase.slug, LegalCase.short_name)  # type: ignore[call-overload]
        .join(QuoteCase, QuoteCase.case_id == LegalCase.id)
        .where(QuoteCase.quote_id == quote.id)
        .order_by(LegalCase.slug)
    ).all()
    return QuoteDetail(
        slug=quote.slug, text=quote.text, speaker=speaker.slug, speaker_name=speaker.name,
        speaker_description=speaker.description, setting=quote.setting, origin_kind=origin_kind,
        origin_slug=origin_slug, origin_title=origin_title,
        date=_pd(quote.date, quote.date_precision, quote.date_approximate, quote.date_text),
        context=quote.context, cases=((main.slug, main.short_name), *((s, n) for s, n in others)),
        source=SourceRef(source.slug, source.title, source.publisher, quote.source_locator),
        source_date=_pd(source.date_published, source.date_published_precision, source.date_published_approximate),
    )  # fmt: skip


def case_sources(*, session: Session, slug: str) -> list[tuple[str, SourceRef]]:
    """Every citation behind a case and its records: (what it supports, where it stands)."""
    case_id = _case_id(session, slug)
    subjects: list[tuple[str, Any, str]] = [
        ("legal_case", select(LegalCase.id, literal("case")).where(LegalCase.id == case_id), "case"),
        ("case_role", select(CaseRole.id, CaseRole.role).where(CaseRole.case_id == case_id), "role"),
        ("case_status", select(CaseStatus.id, CaseStatus.status).where(CaseStatus.case_id == case_id), "status"),
        ("filing", select(Filing.id, Filing.title).where(Filing.case_id == case_id), "filing"),
        ("deposition", select(Deposition.id, Deposition.slug).where(Deposition.case_id == case_id), "deposition"),
        ("ruling", select(Ruling.id, Ruling.title).where(Ruling.case_id == case_id), "ruling"),
        ("event", select(Event.id, Event.title).where(Event.case_id == case_id), "event"),
    ]
    out: list[tuple[str, SourceRef]] = []
    for table, stmt, label in subjects:
        rows = session.exec(stmt).all()  # type: ignore[call-overload]
        names = {r[0]: r[1] for r in rows}
        for sid, refs in _sources_for(session, table, list(names)).items():
            what = f"{label}: {names[sid]}" if label != "case" else "case"
            out += [(what, ref) for ref in refs]
    for q in list_quotes(session=session, case=slug):
        out.append((f"quote: {q.slug}", q.source))
    return out


# --- parties ---------------------------------------------------------------------------


def _party_id(session: Session, slug: str) -> int:
    party_id = session.exec(select(Party.id).where(Party.slug == slug)).first()  # type: ignore[call-overload]
    if party_id is None:
        raise _not_found(session, Party, "person or organization", slug)
    return int(party_id[0])


def list_parties(
    *, session: Session, kind: str | None = None, text: str | None = None, limit: int | None = None, offset: int = 0
) -> list[PartySummary]:
    n_cases = select(func.count(func.distinct(CaseRole.case_id))).where(CaseRole.party_id == Party.id).scalar_subquery()
    n_quotes = select(func.count()).where(Quote.speaker_id == Party.id).scalar_subquery()
    stmt = select(Party.slug, Party.name, Party.kind, Party.description, n_cases, n_quotes)
    if kind:
        stmt = stmt.where(Party.kind == kind)
    if text:
        stmt = stmt.where(func.lower(Party.name).like(f"%{text.lower()}%"))
    stmt = stmt.order_by(func.lower(Party.name), Party.slug)
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    return [PartySummary(*r) for r in session.exec(stmt).all()]  # type: ignore[call-overload]


def get_party(*, session: Session, slug: str) -> PartyDetail:
    party_id = _party_id(session, slug)
    party = session.get(Party, party_id)
    assert party is not None
    client = aliased(Party)
    roles = session.exec(
        select(LegalCase.slug, LegalCase.short_name, LegalCase.kind, CaseRole.role, client.name)  # type: ignore[call-overload]
        .join(LegalCase, LegalCase.id == CaseRole.case_id)
        .outerjoin(client, client.id == CaseRole.for_party_id)
        .where(CaseRole.party_id == party_id)
        .order_by(LegalCase.date_filed.is_(None), LegalCase.date_filed, LegalCase.slug, CaseRole.position)  # type: ignore[union-attr]
    ).all()
    sanctions = session.exec(
        select(Sanction.kind, Sanction.description, Ruling.title, *_date_cols(Ruling, "date_decided"))  # type: ignore[call-overload]
        .join(Ruling, Ruling.id == Sanction.ruling_id)
        .where(Sanction.party_id == party_id)
        .order_by(Ruling.date_decided, Sanction.slug)
    ).all()
    return PartyDetail(
        slug=party.slug, name=party.name, kind=party.kind, short_name=party.short_name,
        description=party.description, roles=tuple(PartyCaseRole(*r) for r in roles),
        quotes=tuple(list_quotes(session=session, speaker=slug)),
        sanctions=tuple(_sanction_text(*row) for row in sanctions),
        sources=_sources_for(session, "party", [party_id]).get(party_id, ()),
    )  # fmt: skip


def _sanction_text(kind: str, description: str | None, ruling: str, *date: Any) -> str:
    """'monetary: <what> (<ruling>, 25 Aug 2021)'; a kind of 'other' is left unsaid."""
    when = _pd(*date)
    origin = f"{ruling}, {when.display()}" if when else ruling
    what = f"{description} ({origin})" if description else origin
    return what if kind == "other" else f"{kind.replace('_', ' ')}: {what}"


def list_sanctions(*, session: Session) -> list[dict[str, Any]]:
    judge = aliased(Party)
    rows = session.exec(
        select(
            Party.slug,
            Party.name,
            Sanction.kind,
            Sanction.description,
            Ruling.slug,
            Ruling.title,
            LegalCase.slug,
            judge.name,
            *_date_cols(Ruling, "date_decided"),
        )  # type: ignore[call-overload]
        .join(Party, Party.id == Sanction.party_id)
        .join(Ruling, Ruling.id == Sanction.ruling_id)
        .join(LegalCase, LegalCase.id == Ruling.case_id)
        .outerjoin(judge, judge.id == Ruling.judge_id)
        .order_by(Ruling.date_decided, Party.name)
    ).all()
    keys = ("party", "party_name", "kind", "description", "ruling", "ruling_title", "case", "judge")
    return [{**dict(zip(keys, r[:8], strict=True)), "date_decided": _pd(*r[8:])} for r in rows]
