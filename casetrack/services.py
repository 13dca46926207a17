"""Read services: plain functions taking ``session=`` and returning plain read models.

No ORM row ever leaves this module; the UI and the CLI get frozen dataclasses. Nothing here
imports Textual.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session

from casetrack import caselist
from casetrack.caselist import CASE_SORTS as CASE_SORTS
from casetrack.caselist import CaseSummary as CaseSummary
from casetrack.caselist import _pd
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
from casetrack.vocab import Role


class NotFound(CasetrackError):
    """An unknown slug; the message suggests the closest known one."""

    exit_code = 1


def _pd_of(row: Any, name: str) -> PartialDate | None:
    """The date ``name`` of an ORM row (its six columns)."""
    return _pd(*(getattr(row, column) for column in _date_names(name)))


def _date_names(name: str) -> tuple[str, ...]:
    return (name, f"{name}_precision", f"{name}_approximate", f"{name}_text", f"{name}_end", f"{name}_bound")


def _date_cols(model: Any, name: str) -> list[Any]:
    """The six columns of a date, in :func:`_pd`'s order."""
    return [getattr(model, column) for column in _date_names(name)]


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
    also_in: tuple[str, ...] = ()  # the other cases the record belongs to (one ruling in three suits)
    also_in_names: tuple[str, ...] = ()  # their short names, in the same order


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


#: The dated records of a case, its own (no link) and those shared with it through a link table.
_ACTIVITY: tuple[tuple[Any, str, Any], ...] = (
    (Filing, "date_filed", None), (Ruling, "date_decided", None), (Deposition, "date_taken", None),
    (Event, "date", None), (Filing, "date_filed", FilingCase), (Ruling, "date_decided", RulingCase),
    (Event, "date", EventCase),
)  # fmt: skip


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
        as_of = _pd(*r[3:9])
        if as_of is None:
            raise CasetrackError(f"case status {r[1]!r} has no as-of date; the database is damaged")
        out.append(StatusEntry(r[1], r[2], as_of, r[10] or r[11] or r[12], r[9], sources.get(r[0], ())))
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
        "filings": select(caselist.n_filings(case_id)),
        "depositions": select(func.count()).where(Deposition.case_id == case_id),
        "rulings": select(
            select(func.count()).where(Ruling.case_id == case_id).scalar_subquery()
            + select(func.count()).where(RulingCase.case_id == case_id).scalar_subquery()
        ),
        "events": select(
            select(func.count()).where(Event.case_id == case_id).scalar_subquery()
            + select(func.count()).where(EventCase.case_id == case_id).scalar_subquery()
        ),
        "quotes": select(func.count()).select_from(Quote).where(_case_quote_ids(case_id)),
        "parties": select(func.count()).where(CaseRole.case_id == case_id),
    }
    numbers = session.exec(select(*[q.scalar_subquery() for q in counted.values()])).one()  # type: ignore[call-overload]
    counts = {name: int(n) for name, n in zip(counted, numbers, strict=True)}
    return CaseDetail(
        slug=case.slug, case_name=case.case_name, short_name=case.short_name, kind=case.kind,
        court=row[1], court_slug=row[2], docket_number=case.docket_number,
        nature_of_suit=case.nature_of_suit, judges=tuple(j[0] for j in judges),
        date_filed=_pd_of(case, "date_filed"), date_terminated=_pd_of(case, "date_terminated"),
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

    def part(kind: str, model: Any, date: str, subkind: Any, title: Any, detail: Any, link: Any = None) -> list[Any]:
        cols = _date_cols(model, date)
        stmt = select(
            literal(kind).label("kind"), model.slug.label("slug"), cols[0].label("d"), cols[1].label("p"),
            cols[2].label("a"), cols[3].label("said"), cols[4].label("e"), cols[5].label("b"),
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
            stmt = stmt.join(deponent, deponent.id == Deposition.deponent_id)
        if first is None:
            return [stmt]
        dated = stmt.where(cols[0].is_not(None)).order_by(cols[0], model.id).limit(first)
        undated = stmt.where(cols[0].is_(None)).order_by(model.id).limit(first)
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


def case_timeline(*, session: Session, slug: str, limit: int | None = None, offset: int = 0) -> list[TimelineEntry]:
    """Filings, depositions, rulings and events of a case in date order (undated last)."""
    case_id = _case_id(session, slug)
    params: dict[str, Any] = {"case_id": case_id}
    if limit is not None:
        params.update(first=offset + limit, limit=limit, offset=offset)
    rows = session.connection().execute(_timeline_statement(limit is not None), params).all()
    rows = rows if limit is not None else rows[offset:]
    shared = _shared_with(session, case_id, [(r[0], r[11]) for r in rows if r[12] or r[0] in _LINKS])
    out = []
    for kind, slug, d, p, a, said, e, b, subkind, title, detail, row_id, _shared in rows:
        others = shared.get((kind, row_id), ())
        date = _pd(d, p, a, said, e, b)
        out.append(
            TimelineEntry(
                kind, slug, date, subkind, title, detail, tuple(o[0] for o in others), tuple(o[1] for o in others)
            )
        )
    return out


def _shared_with(
    session: Session, case_id: int, records: list[tuple[str, int]]
) -> dict[tuple[str, int], tuple[tuple[str, str], ...]]:
    """For filings, rulings and events: the other cases each belongs to, as (slug, short name)."""
    out: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for kind, link in _LINKS.items():
        ids = [row_id for k, row_id in records if k == kind]
        if not ids:
            continue
        model = {"filing": Filing, "ruling": Ruling, "event": Event}[kind]
        key = getattr(link, f"{kind}_id")
        home = select(model.id, LegalCase.slug, LegalCase.short_name).join(LegalCase, LegalCase.id == model.case_id)
        linked = select(key, LegalCase.slug, LegalCase.short_name).join(LegalCase, LegalCase.id == link.case_id)
        for stmt in (
            home.where(model.id.in_(ids), model.case_id != case_id),
            linked.where(key.in_(ids), link.case_id != case_id),
        ):
            for row_id, case_slug, name in session.connection().execute(stmt):
                out.setdefault((kind, row_id), []).append((case_slug, name))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def count_timeline(*, session: Session, slug: str) -> int:
    """How many entries :func:`case_timeline` has: four index-only counts, no union to build."""
    case_id = _case_id(session, slug)
    counts = [
        select(func.count()).where(model.case_id == case_id).scalar_subquery()
        for model, _, link in _ACTIVITY
        if link is None
    ]
    counts += [select(func.count()).where(link.case_id == case_id).scalar_subquery() for link in _LINKS.values()]
    row: Any = session.exec(select(*counts)).one()  # type: ignore[call-overload]
    return sum(int(n) for n in row)


#: The link tables of records that may belong to further cases.
_LINKS: dict[str, Any] = {"filing": FilingCase, "ruling": RulingCase, "event": EventCase}


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
        RoleEntry(r[0], r[1], r[2], r[3], r[4], r[5], _pd(*r[6:12]), r[12])
        for r in session.exec(stmt).all()  # type: ignore[call-overload]
    ]


def _quote_select() -> Select[Any]:
    spoke = aliased(Party)
    return (
        select(
            Quote.slug,
            Quote.text,
            Actor.slug,
            Actor.name,
            Actor.kind,
            spoke.slug,
            Quote.setting,
            *_date_cols(Quote, "date"),
            LegalCase.slug,
            LegalCase.short_name,
            Source.slug,
            Source.title,
            Source.publisher,
            Quote.source_locator,
        )
        .join(Actor, Actor.id == Quote.speaker_actor_id)  # type: ignore[arg-type]
        .outerjoin(spoke, spoke.id == Actor.party_id)
        .outerjoin(LegalCase, LegalCase.id == Quote.case_id)  # type: ignore[arg-type]
        .join(Source, Source.id == Quote.source_id)  # type: ignore[arg-type]
    )


def _quote_summary(r: Any) -> QuoteSummary:
    return QuoteSummary(
        r[0], r[1], r[2], r[3], r[4], r[5], r[6], _pd(*r[7:13]), r[13], r[14], SourceRef(r[15], r[16], r[17], r[18])
    )


def _spoken_by(session: Session, slug: str) -> Any:
    """Quotes a party said in person (also as named counsel), or one actor ('court/...') said."""
    return Quote.speaker_actor_id.in_(_speakers(session, slug))  # type: ignore[union-attr]


def _speakers(session: Session, slug: str) -> list[int]:
    """The actor ids whose words are a party's (in person, or as named counsel), or the one
    actor (``court/...``, ``counsel/...``) that ``slug`` names."""
    actor = session.exec(select(Actor.id).where(Actor.slug == slug, Actor.kind != "party")).first()  # type: ignore[call-overload]
    if actor is not None:
        return [int(actor[0])]
    party_id = _party_id(session, slug)
    return [int(r[0]) for r in session.exec(select(Actor.id).where(Actor.party_id == party_id)).all()]  # type: ignore[call-overload]


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
        stmt = stmt.where(_spoken_by(session, speaker))
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
    actor = session.get(Actor, quote.speaker_actor_id)
    source = session.get(Source, quote.source_id)
    if actor is None or source is None:
        raise CasetrackError(f"quote {slug!r} names no speaker or source; the database is damaged")
    person = session.get(Party, actor.party_id) if actor.party_id is not None else None
    origin_kind = origin_slug = origin_title = None
    for kind, model, attr in (
        ("deposition", Deposition, quote.deposition_id),
        ("ruling", Ruling, quote.ruling_id),
        ("filing", Filing, quote.filing_id),
        ("event", Event, quote.event_id),
    ):
        if attr is not None:
            obj = session.get(model, attr)
            if obj is None:
                continue
            origin_kind, origin_slug = kind, obj.slug
            if isinstance(obj, Deposition):
                deponent = session.get(Party, obj.deponent_id)
                origin_title = f"Deposition of {deponent.name if deponent else '?'}"
            else:
                origin_title = obj.title  # type: ignore[union-attr]
    main = session.get(LegalCase, quote.case_id) if quote.case_id is not None else None
    others = session.exec(
        select(LegalCase.slug, LegalCase.short_name)  # type: ignore[call-overload]
        .join(QuoteCase, QuoteCase.case_id == LegalCase.id)
        .where(QuoteCase.quote_id == quote.id)
        .order_by(LegalCase.slug)
    ).all()
    parts = session.exec(
        select(QuotePart.text).where(QuotePart.quote_id == quote.id).order_by(QuotePart.position)  # type: ignore[call-overload]
    ).all()
    home = ((main.slug, main.short_name),) if main is not None else ()
    return QuoteDetail(
        slug=quote.slug, text=quote.text, speaker=actor.slug, speaker_name=actor.name, speaker_kind=actor.kind,
        speaker_party=person.slug if person else None,
        speaker_description=person.description if person and actor.kind == "party" else None,
        setting=quote.setting, origin_kind=origin_kind,
        origin_slug=origin_slug, origin_title=origin_title, date=_pd_of(quote, "date"),
        context=quote.context, cases=(*home, *((s, n) for s, n in others)), parts=tuple(p[0] for p in parts),
        source=SourceRef(source.slug, source.title, source.publisher, quote.source_locator),
        source_date=_pd_of(source, "date_published"),
    )  # fmt: skip


def _in_case(model: Any, case_id: int) -> Any:
    """A filing, ruling or event of the case: its own, or shared with it."""
    link = _LINKS[model.__tablename__]
    shared = select(getattr(link, f"{model.__tablename__}_id")).where(link.case_id == case_id)
    return or_(model.case_id == case_id, model.id.in_(shared))


def case_sources(*, session: Session, slug: str) -> list[tuple[str, SourceRef]]:
    """Every citation behind a case and its records: (what it supports, where it stands)."""
    case_id = _case_id(session, slug)
    subjects: list[tuple[str, Any, str]] = [
        ("legal_case", select(LegalCase.id, literal("case")).where(LegalCase.id == case_id), "case"),
        ("case_role", select(CaseRole.id, CaseRole.role).where(CaseRole.case_id == case_id), "role"),
        ("case_status", select(CaseStatus.id, CaseStatus.status).where(CaseStatus.case_id == case_id), "status"),
        ("filing", select(Filing.id, Filing.title).where(_in_case(Filing, case_id)), "filing"),
        ("deposition", select(Deposition.id, Deposition.slug).where(Deposition.case_id == case_id), "deposition"),
        ("ruling", select(Ruling.id, Ruling.title).where(_in_case(Ruling, case_id)), "ruling"),
        ("event", select(Event.id, Event.title).where(_in_case(Event, case_id)), "event"),
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
    """The party a slug names, or else the one party whose name or short name it is
    ("giuliani" is Rudolph W. Giuliani, as the TUI's person links read)."""
    party_id = session.exec(select(Party.id).where(Party.slug == slug)).first()  # type: ignore[call-overload]
    if party_id is not None:
        return int(party_id[0])
    said = " ".join(slug.replace("-", " ").split()).lower()
    named = session.exec(  # type: ignore[call-overload]
        select(Party.id, Party.slug).where(or_(func.lower(Party.short_name) == said, func.lower(Party.name) == said))
    ).all()
    if len(named) == 1:
        return int(named[0][0])
    if len(named) > 1:
        raise NotFound(f"{slug!r} names {len(named)} parties: {', '.join(sorted(r[1] for r in named))}")
    raise _not_found(session, Party, "person or organization", slug)


def list_parties(
    *, session: Session, kind: str | None = None, text: str | None = None, limit: int | None = None, offset: int = 0
) -> list[PartySummary]:
    n_cases = select(func.count(func.distinct(CaseRole.case_id))).where(CaseRole.party_id == Party.id).scalar_subquery()
    n_quotes = (
        select(func.count())
        .select_from(Quote)
        .join(Actor, Actor.id == Quote.speaker_actor_id)  # type: ignore[arg-type]
        .where(Actor.party_id == Party.id)
        .scalar_subquery()
    )
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
    if party is None:
        raise _not_found(session, Party, "person or organization", slug)
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
