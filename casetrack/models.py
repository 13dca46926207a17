"""The database schema (a public interface: see docs/schema.md).

Changes here ship only with an Alembic migration; a test checks that the models and the
migrations agree.

Conventions:
- every table has an integer ``id`` and a unique, stable, human ``slug``;
- a date is four columns: ``<name>`` (first day of the period), ``<name>_precision``
  (day | month | year), ``<name>_approximate`` and ``<name>_text`` (the source's words);
- vocabulary columns are text with a named CHECK constraint (see casetrack/vocab.py);
- every fact rests on rows in ``citation`` (subject_type = the table, subject_id = its id).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Index, MetaData, UniqueConstraint, func
from sqlalchemy import column as sql_column
from sqlalchemy import text as sql_text
from sqlmodel import Field, SQLModel

from casetrack import vocab
from casetrack.tables import TABLE_ORDER

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLModel.metadata = MetaData(naming_convention=NAMING_CONVENTION)
metadata = SQLModel.metadata


def _in(column: str, enum: type[StrEnum], name: str | None = None) -> CheckConstraint:
    values = ", ".join(f"'{v.value}'" for v in enum)
    return CheckConstraint(f"{column} IN ({values})", name=name or column)


def _date_checks(*names: str) -> list[CheckConstraint]:
    checks = []
    for n in names:
        checks += [_in(f"{n}_precision", vocab.Precision), _in(f"{n}_bound", vocab.Bound)]
        # A range ends after it starts; a bound is one date, not a range.
        checks.append(
            CheckConstraint(f'"{n}_end" IS NULL OR ("{n}_end" >= "{n}" AND "{n}_bound" IS NULL)', name=f"{n}_end")
        )
    return checks


def _range_end_index(table: str, name: str) -> Index:
    """The index on the ends of the ranges among a date's values (migration 0010): partial,
    as few dates are ranges. The chronology's date windows read ranges from it."""
    where = sql_text(f"{name}_end IS NOT NULL")
    return Index(f"ix_{table}_{name}_end", f"{name}_end", sqlite_where=where, postgresql_where=where)


def _fk(target: str, *, nullable: bool = True, ondelete: str | None = None) -> Any:
    """An indexed foreign key column; the annotation on the class attribute carries the type."""
    options: dict[str, Any] = {"default": None, "foreign_key": target, "nullable": nullable, "index": True}
    if ondelete is not None:
        options["ondelete"] = ondelete
    return Field(**options)


class Source(SQLModel, table=True):
    """A document facts are taken from: an article, a video summary, the background facts."""

    __tablename__ = "source"
    __table_args__ = (_in("kind", vocab.SourceKind), *_date_checks("date_published"))

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    kind: str
    title: str
    #: how a citation names the source, with its date (migration 0009); NULL: use ``title``
    short_title: str | None = None
    publisher: str | None = None
    author: str | None = None
    date_published: dt.date | None = None
    date_published_precision: str | None = None
    date_published_approximate: bool = False
    date_published_text: str | None = None
    date_published_end: dt.date | None = None
    date_published_bound: str | None = None
    file: str | None = None
    first_line: int | None = None
    last_line: int | None = None


class Court(SQLModel, table=True):
    __tablename__ = "court"
    __table_args__ = (_in("jurisdiction", vocab.Jurisdiction),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    name: str
    short_name: str | None = None
    jurisdiction: str
    location: str | None = None


class Party(SQLModel, table=True):
    """A person, an organization, or an unnamed group ("eight other pro-Trump lawyers").

    Roles in cases are in ``case_role``; a group's known members in ``party_member``.
    """

    __tablename__ = "party"
    __table_args__ = (_in("kind", vocab.PartyKind),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    name: str
    kind: str
    short_name: str | None = None
    description: str | None = None
    member_count: int | None = None  # for a group, where the source gives it


class PartyMember(SQLModel, table=True):
    """A named member of a group party: the group keeps its own rows and history (v2)."""

    __tablename__ = "party_member"
    __table_args__ = (UniqueConstraint("group_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    group_id: int = _fk("party.id", nullable=False, ondelete="CASCADE")
    member_id: int = _fk("party.id", nullable=False)
    note: str | None = None


class Actor(SQLModel, table=True):
    """Who speaks, files or acts (v2): a party, a court, or counsel for a party in a case.

    ``kind = party``: ``party_id`` (a person, organization or group; a judge is a person).
    ``kind = court``: ``court_id``. ``kind = counsel``: ``client_id`` and ``case_id``, and
    ``party_id`` when the lawyer is named. ``name`` is the label to show ("Counsel for Eric
    Coomer").
    """

    __tablename__ = "actor"
    __table_args__ = (
        _in("kind", vocab.ActorKind),
        CheckConstraint(
            "(kind = 'party' AND party_id IS NOT NULL AND court_id IS NULL AND client_id IS NULL)"
            " OR (kind = 'court' AND court_id IS NOT NULL AND party_id IS NULL AND client_id IS NULL)"
            " OR (kind = 'counsel' AND client_id IS NOT NULL AND court_id IS NULL)",
            name="kind_columns",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    kind: str
    name: str
    party_id: int | None = _fk("party.id")
    court_id: int | None = _fk("court.id")
    client_id: int | None = _fk("party.id")
    case_id: int | None = _fk("legal_case.id", ondelete="CASCADE")


class LegalCase(SQLModel, table=True):
    """A case or legal matter (a suit, a sanctions proceeding, a threatened suit...)."""

    __tablename__ = "legal_case"
    __table_args__ = (
        _in("kind", vocab.CaseKind),
        *_date_checks("date_filed", "date_terminated"),
        # The case list's default order (services.list_cases, sort="name").
        Index("ix_legal_case_name_sort", func.lower(sql_column("short_name")), "slug"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    case_name: str
    short_name: str
    kind: str
    court_id: int | None = _fk("court.id")
    docket_number: str | None = None
    nature_of_suit: str | None = None
    date_filed: dt.date | None = None
    date_filed_precision: str | None = None
    date_filed_approximate: bool = False
    date_filed_text: str | None = None
    date_filed_end: dt.date | None = None
    date_filed_bound: str | None = None
    date_terminated: dt.date | None = None
    date_terminated_precision: str | None = None
    date_terminated_approximate: bool = False
    date_terminated_text: str | None = None
    date_terminated_end: dt.date | None = None
    date_terminated_bound: str | None = None
    disposition: str | None = None
    parent_id: int | None = _fk("legal_case.id")
    summary: str | None = None


class CaseRole(SQLModel, table=True):
    """One party's role in one case; ``for_party_id`` says whom counsel represents."""

    __tablename__ = "case_role"
    __table_args__ = (
        _in("role", vocab.Role),
        *_date_checks("until"),
        UniqueConstraint("case_id", "party_id", "role", "for_party_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    case_id: int = _fk("legal_case.id", nullable=False, ondelete="CASCADE")
    party_id: int = _fk("party.id", nullable=False)
    role: str
    for_party_id: int | None = _fk("party.id")
    until: dt.date | None = None
    until_precision: str | None = None
    until_approximate: bool = False
    until_text: str | None = None
    until_end: dt.date | None = None
    until_bound: str | None = None
    note: str | None = None
    position: int = 0


class Filing(SQLModel, table=True):
    """A document in a case: complaint, motion, answer, or evidence such as a memo."""

    __tablename__ = "filing"
    __table_args__ = (
        _in("kind", vocab.FilingKind),
        *_date_checks("date_filed", "date_written"),
        Index("ix_filing_case_id_date_filed", "case_id", "date_filed"),
        _range_end_index("filing", "date_filed"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    case_id: int = _fk("legal_case.id", nullable=False, ondelete="CASCADE")
    kind: str
    title: str
    author_id: int | None = _fk("party.id")
    exhibit_to_id: int | None = _fk("filing.id")
    date_filed: dt.date | None = Field(default=None, index=True)
    date_filed_precision: str | None = None
    date_filed_approximate: bool = False
    date_filed_text: str | None = None
    date_filed_end: dt.date | None = None
    date_filed_bound: str | None = None
    date_written: dt.date | None = None
    date_written_precision: str | None = None
    date_written_approximate: bool = False
    date_written_text: str | None = None
    date_written_end: dt.date | None = None
    date_written_bound: str | None = None
    description: str | None = None


class Deposition(SQLModel, table=True):
    __tablename__ = "deposition"
    __table_args__ = (
        *_date_checks("date_taken"),
        Index("ix_deposition_case_id_date_taken", "case_id", "date_taken"),
        Index("ix_deposition_date_taken", "date_taken"),
        _range_end_index("deposition", "date_taken"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    case_id: int = _fk("legal_case.id", nullable=False, ondelete="CASCADE")
    deponent_id: int = _fk("party.id", nullable=False)
    on_behalf_of_id: int | None = _fk("party.id")
    taken_by_id: int | None = _fk("party.id")
    date_taken: dt.date | None = None
    date_taken_precision: str | None = None
    date_taken_approximate: bool = False
    date_taken_text: str | None = None
    date_taken_end: dt.date | None = None
    date_taken_bound: str | None = None
    description: str | None = None


class Ruling(SQLModel, table=True):
    __tablename__ = "ruling"
    __table_args__ = (
        _in("kind", vocab.RulingKind),
        _in("outcome", vocab.Outcome),
        *_date_checks("date_decided"),
        Index("ix_ruling_case_id_date_decided", "case_id", "date_decided"),
        Index("ix_ruling_date_decided", "date_decided"),
        _range_end_index("ruling", "date_decided"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    case_id: int = _fk("legal_case.id", nullable=False, ondelete="CASCADE")
    court_id: int | None = _fk("court.id")  # the deciding court, when not the case's (v2)
    kind: str
    title: str
    judge_id: int | None = _fk("party.id")
    date_decided: dt.date | None = None
    date_decided_precision: str | None = None
    date_decided_approximate: bool = False
    date_decided_text: str | None = None
    date_decided_end: dt.date | None = None
    date_decided_bound: str | None = None
    outcome: str | None = None
    citation: str | None = None
    description: str | None = None


class Sanction(SQLModel, table=True):
    """Who a ruling sanctioned, and how."""

    __tablename__ = "sanction"
    __table_args__ = (_in("kind", vocab.SanctionKind),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    ruling_id: int = _fk("ruling.id", nullable=False, ondelete="CASCADE")
    party_id: int = _fk("party.id", nullable=False)
    kind: str
    description: str | None = None


class Event(SQLModel, table=True):
    """Something that happened outside the docket: news conference, interview, arrest...

    ``case_id`` is null for an event that bears on no single case (v2); ``event_case`` links
    it to the cases it bears on.
    """

    __tablename__ = "event"
    __table_args__ = (
        _in("kind", vocab.EventKind),
        *_date_checks("date"),
        Index("ix_event_case_id_date", "case_id", "date"),
        Index("ix_event_date", "date"),
        _range_end_index("event", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    case_id: int | None = _fk("legal_case.id", ondelete="CASCADE")
    kind: str
    title: str
    date: dt.date | None = None
    date_precision: str | None = None
    date_approximate: bool = False
    date_text: str | None = None
    date_end: dt.date | None = None
    date_bound: str | None = None
    location: str | None = None
    description: str | None = None


class CaseStatus(SQLModel, table=True):
    """A case's status history; the row with the latest ``as_of`` is the current status."""

    __tablename__ = "case_status"
    __table_args__ = (
        _in("status", vocab.Status),
        *_date_checks("as_of"),
        Index("ix_case_status_case_id_as_of", "case_id", "as_of"),
        Index("ix_case_status_as_of", "as_of"),
        _range_end_index("case_status", "as_of"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    case_id: int = Field(foreign_key="legal_case.id", ondelete="CASCADE")
    status: str
    as_of: dt.date
    as_of_precision: str
    as_of_approximate: bool = False
    as_of_text: str | None = None
    as_of_end: dt.date | None = None
    as_of_bound: str | None = None
    set_by_filing_id: int | None = _fk("filing.id")
    set_by_ruling_id: int | None = _fk("ruling.id")
    set_by_event_id: int | None = _fk("event.id")
    note: str | None = None


class Quote(SQLModel, table=True):
    """Verbatim words, who said them, how and where, and the source that reports them.

    ``text`` is the whole quote; when the source interrupts it ("…," the judge wrote. "…"),
    its parts are in ``quote_part`` and ``text`` joins them with " … ". ``case_id`` is the
    first case the quote bears on (null when it bears on none); further cases are in
    ``quote_case``.
    """

    __tablename__ = "quote"
    __table_args__ = (
        _in("setting", vocab.Setting),
        *_date_checks("date"),
        Index("ix_quote_date", "date"),
        _range_end_index("quote", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    text: str
    speaker_actor_id: int = _fk("actor.id", nullable=False)
    setting: str
    case_id: int | None = _fk("legal_case.id", ondelete="CASCADE")
    deposition_id: int | None = _fk("deposition.id")
    ruling_id: int | None = _fk("ruling.id")
    filing_id: int | None = _fk("filing.id")
    event_id: int | None = _fk("event.id")
    date: dt.date | None = None
    date_precision: str | None = None
    date_approximate: bool = False
    date_text: str | None = None
    date_end: dt.date | None = None
    date_bound: str | None = None
    context: str | None = None
    source_id: int = _fk("source.id", nullable=False)
    source_locator: str


class QuoteCase(SQLModel, table=True):
    """Further cases a quote bears on (its main case is ``quote.case_id``)."""

    __tablename__ = "quote_case"
    __table_args__ = (UniqueConstraint("quote_id", "case_id"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    quote_id: int = _fk("quote.id", nullable=False, ondelete="CASCADE")
    case_id: int = _fk("legal_case.id", nullable=False, ondelete="CASCADE")


class Citation(SQLModel, table=True):
    """Where a record's facts stand: ``subject_type`` is a table name, ``subject_id`` its id."""

    __tablename__ = "citation"
    __table_args__ = (
        _in("confidence", vocab.Confidence),
        Index("ix_citation_subject", "subject_type", "subject_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    subject_type: str
    subject_id: int
    source_id: int = _fk("source.id", nullable=False)
    locator: str
    confidence: str = "high"
    note: str | None = None
    position: int = 0


class QuotePart(SQLModel, table=True):
    """One verbatim part of a quote the source interrupts (v2)."""

    __tablename__ = "quote_part"
    __table_args__ = (UniqueConstraint("quote_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    quote_id: int = _fk("quote.id", nullable=False, ondelete="CASCADE")
    position: int
    text: str


class RulingCase(SQLModel, table=True):
    """Further cases a ruling is entered in (its own case is ``ruling.case_id``) (v2)."""

    __tablename__ = "ruling_case"
    __table_args__ = (UniqueConstraint("ruling_id", "case_id"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    ruling_id: int = _fk("ruling.id", nullable=False, ondelete="CASCADE")
    case_id: int = _fk("legal_case.id", nullable=False, ondelete="CASCADE")


class FilingCase(SQLModel, table=True):
    """Further cases a filing is in (its own case is ``filing.case_id``) (v2)."""

    __tablename__ = "filing_case"
    __table_args__ = (UniqueConstraint("filing_id", "case_id"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    filing_id: int = _fk("filing.id", nullable=False, ondelete="CASCADE")
    case_id: int = _fk("legal_case.id", nullable=False, ondelete="CASCADE")


class FilingFiler(SQLModel, table=True):
    """Who filed a filing, in the order the source names them (v2; was ``filing.filed_by_id``)."""

    __tablename__ = "filing_filer"
    __table_args__ = (UniqueConstraint("filing_id", "actor_id"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    filing_id: int = _fk("filing.id", nullable=False, ondelete="CASCADE")
    actor_id: int = _fk("actor.id", nullable=False)
    position: int = 0


class EventCase(SQLModel, table=True):
    """Further cases an event bears on (its own case, if any, is ``event.case_id``) (v2)."""

    __tablename__ = "event_case"
    __table_args__ = (UniqueConstraint("event_id", "case_id"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    event_id: int = _fk("event.id", nullable=False, ondelete="CASCADE")
    case_id: int = _fk("legal_case.id", nullable=False, ondelete="CASCADE")


class CaseMember(SQLModel, table=True):
    """A case that belongs to a group of cases (``legal_case.kind = 'group'``) (v2)."""

    __tablename__ = "case_member"
    __table_args__ = (UniqueConstraint("group_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    group_id: int = _fk("legal_case.id", nullable=False, ondelete="CASCADE")
    member_id: int = _fk("legal_case.id", nullable=False, ondelete="CASCADE")


class HistoryLoad(SQLModel, table=True):
    """One ``seed load`` or bulk import that committed (migration 0008).

    History tables have no slug: they are written by casetrack, never by the seed.
    """

    __tablename__ = "history_load"
    __table_args__ = (_in("kind", vocab.LoadKind),)

    id: int | None = Field(default=None, primary_key=True)
    loaded_at: dt.datetime = Field(sa_type=DateTime)  # UTC, stored without a time zone
    kind: str
    seed_dir: str | None = None
    git_commit: str | None = None
    git_dirty: bool | None = None
    added: int = 0
    changed: int = 0
    deleted: int = 0
    unchanged: int = 0


class HistoryChange(SQLModel, table=True):
    """One record added, deleted, or one field of a record changed, by a load (migration 0008)."""

    __tablename__ = "history_change"
    __table_args__ = (_in("op", vocab.ChangeOp), Index("ix_history_change_record", "table_name", "record_slug"))

    id: int | None = Field(default=None, primary_key=True)
    load_id: int = _fk("history_load.id", nullable=False, ondelete="CASCADE")
    table_name: str
    record_slug: str
    op: str
    field: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    case_slug: str | None = None


def _tables() -> list[type[SQLModel]]:
    by_name = {str(m.__tablename__): m for m in SQLModel.__subclasses__() if m.__module__ == __name__}
    missing = [name for name in TABLE_ORDER if name not in by_name]
    if missing:
        raise RuntimeError(f"casetrack.tables.TABLE_ORDER names tables with no model: {missing}")
    return [by_name[name] for name in TABLE_ORDER]


#: The seed's model classes in dependency order (parents first; :data:`casetrack.tables.TABLE_ORDER`).
#: The history tables are written by casetrack, never by the seed, and are not among them.
TABLES: list[type[SQLModel]] = _tables()
