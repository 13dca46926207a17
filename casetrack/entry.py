"""One timeline entry in full: a filing, ruling, deposition or event, with everything known of it.

:func:`get_entry` is what ``casetrack entry KIND SLUG`` prints and what the TUI's entry detail
shows: the whole text, the court and judge, who filed it (as the source attributes it), the
outcome, every case it belongs to, its quotes, its sources and its own load history (the
redlines of :mod:`casetrack.history`). Nothing here imports Textual.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from casetrack import history
from casetrack.dates import PartialDate
from casetrack.models import (
    Actor,
    Court,
    Deposition,
    Event,
    Filing,
    FilingFiler,
    LegalCase,
    Party,
    Quote,
    Ruling,
)
from casetrack.services import (
    NotFound,
    QuoteSummary,
    SourceRef,
    cases_of,
    not_found,
    pd_of,
    quote_select,
    quote_summary,
    run,
    saved_id,
    sources_for,
)

#: The kinds of entry, with their model, the name of their date and how that date is called.
KINDS: dict[str, tuple[Any, str, str]] = {
    "filing": (Filing, "date_filed", "Filed"),
    "ruling": (Ruling, "date_decided", "Decided"),
    "deposition": (Deposition, "date_taken", "Taken"),
    "event": (Event, "date", "Date"),
}


@dataclass(frozen=True, slots=True)
class EntryPerson:
    """Someone the entry names in a role: a filer, the judge, the deponent."""

    role: str  # 'Filed by', 'Author', 'Judge', 'Deponent', 'On behalf of', 'Taken by'
    name: str  # as the source names them: "Counsel for Eric Coomer"
    #: the party to open: the named person (a named lawyer for counsel); None for a court or
    #: unnamed counsel, whose words are not their client's
    party: str | None
    actor: str | None = None  # a filer's actor slug: 'eric-coomer', 'counsel/<case>/<client>'


@dataclass(frozen=True, slots=True)
class EntryDetail:
    kind: str  # filing | ruling | deposition | event
    slug: str
    title: str
    subkind: str  # the vocabulary value ('motion', 'order'); shown through vocab.label
    date: PartialDate | None
    date_label: str  # 'Filed', 'Decided', 'Taken', 'Date'
    written: PartialDate | None  # a filing's date of writing, when the source gives it
    text: str | None  # the full description, as stored
    court: str | None
    people: tuple[EntryPerson, ...]
    outcome: str | None  # a ruling's
    citation: str | None  # a ruling's reporter citation
    location: str | None  # an event's
    cases: tuple[tuple[str, str], ...]  # (slug, short name); the home case first
    quotes: tuple[QuoteSummary, ...]
    sources: tuple[SourceRef, ...]
    history: tuple[history.Change, ...]


def _kind(kind: str) -> tuple[Any, str, str]:
    """The model, date column and date label of a kind of entry (NotFound names the closest)."""
    name = kind.strip().lower()
    if name in KINDS:
        return KINDS[name]
    close = difflib.get_close_matches(name, list(KINDS), n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else f"; choose from {', '.join(KINDS)}"
    raise NotFound(f"no kind of entry {kind!r}{hint}")


def get_entry(*, session: Session, kind: str, slug: str) -> EntryDetail:
    """A filing, ruling, deposition or event in full. Raises :class:`NotFound` (with the
    closest slug or kind) for one that is not known."""
    model, date_name, date_label = _kind(kind)
    kind = model.__tablename__
    obj = session.scalars(select(model).where(model.slug == slug)).first()
    if obj is None:
        raise not_found(session, model, kind, slug)
    obj_id = saved_id(obj)
    people: list[EntryPerson] = []
    court_id: int | None = None
    outcome = citation = location = None
    written = None
    title = obj.title if hasattr(obj, "title") else ""
    subkind = getattr(obj, "kind", kind)
    if isinstance(obj, Filing):
        written = pd_of(obj, "date_written")
        people += _filers(session, obj_id)
        if obj.author_id is not None:
            people.append(_person(session, "Author", obj.author_id))
    elif isinstance(obj, Ruling):
        court_id = obj.court_id
        outcome, citation = obj.outcome, obj.citation
        if obj.judge_id is not None:
            people.append(_person(session, "Judge", obj.judge_id))
    elif isinstance(obj, Deposition):
        deponent = _person(session, "Deponent", obj.deponent_id)
        title, subkind = f"Deposition of {deponent.name}", "deposition"
        people.append(deponent)
        if obj.on_behalf_of_id is not None:
            people.append(_person(session, "On behalf of", obj.on_behalf_of_id))
        if obj.taken_by_id is not None:
            people.append(_person(session, "Taken by", obj.taken_by_id))
    elif isinstance(obj, Event):
        location = obj.location
    cases = cases_of(session, [(kind, obj_id)]).get((kind, obj_id), ())
    if court_id is None and obj.case_id is not None:
        court_id = run(session, select(col(LegalCase.court_id)).where(col(LegalCase.id) == obj.case_id)).scalar()
    court = None
    if court_id is not None:
        court = run(session, select(col(Court.name)).where(col(Court.id) == court_id)).scalar()
    origin = getattr(Quote, f"{kind}_id")
    quotes = run(session, quote_select().where(origin == obj_id).order_by(col(Quote.date), col(Quote.id))).mappings()
    return EntryDetail(
        kind=kind, slug=obj.slug, title=title, subkind=subkind, date=pd_of(obj, date_name),
        date_label=date_label, written=written, text=obj.description, court=court, people=tuple(people),
        outcome=outcome, citation=citation, location=location, cases=cases,
        quotes=tuple(quote_summary(q) for q in quotes),
        sources=sources_for(session, kind, [obj_id]).get(obj_id, ()),
        history=_own_history(session, kind, obj.slug),
    )  # fmt: skip


def _own_history(session: Session, kind: str, slug: str) -> tuple[history.Change, ...]:
    """The record's changes and its citations'; citations added or deleted with the record
    itself (its first load, a prune) go without saying."""
    changes = history.list_changes(session.connection(), record=(kind, slug))
    whole = {c.load_id for c in changes if c.table == kind and c.op in ("added", "deleted")}
    return tuple(c for c in changes if c.table == kind or c.load_id not in whole)


def _person(session: Session, role: str, party_id: int) -> EntryPerson:
    found = (
        run(
            session,
            select(col(Party.slug).label("slug"), col(Party.name).label("name")).where(col(Party.id) == party_id),
        )
        .mappings()
        .one()
    )
    return EntryPerson(role, found["name"], found["slug"])


def _filers(session: Session, filing_id: int) -> list[EntryPerson]:
    """Who filed it, as the source attributes it: a party, or counsel for a client."""
    rows = run(
        session,
        select(col(Actor.slug).label("actor"), col(Actor.name).label("name"), col(Party.slug).label("party"))
        .join(FilingFiler, col(FilingFiler.actor_id) == col(Actor.id))
        .outerjoin(Party, col(Party.id) == col(Actor.party_id))
        .where(col(FilingFiler.filing_id) == filing_id)
        .order_by(col(FilingFiler.position), col(FilingFiler.id)),
    ).mappings()
    return [EntryPerson("Filed by", m["name"], m["party"], m["actor"]) for m in rows]
