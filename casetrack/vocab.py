"""Controlled vocabularies. They are part of the public schema (see docs/schema.md).

The values are stored as text; each column that uses a vocabulary has a named CHECK
constraint, so adding a value is a migration.
"""

from __future__ import annotations

from enum import StrEnum


class Precision(StrEnum):
    day = "day"
    month = "month"
    year = "year"


class SourceKind(StrEnum):
    article = "article"
    video = "video"
    comment = "comment"
    court_records = "court_records"


class Jurisdiction(StrEnum):
    federal = "federal"
    state = "state"


class PartyKind(StrEnum):
    person = "person"
    organization = "organization"
    group = "group"  # unnamed people: "eight other pro-Trump lawyers" (v2)


class ActorKind(StrEnum):
    """Who acts or speaks (v2): a party, a court, or counsel for a party in a case."""

    party = "party"
    court = "court"
    counsel = "counsel"


class Bound(StrEnum):
    """An open date (v2): 'before mid-September 2021'."""

    before = "before"
    after = "after"


class CaseKind(StrEnum):
    defamation = "defamation"
    sanctions = "sanctions"
    disciplinary = "disciplinary"
    election_challenge = "election_challenge"
    criminal = "criminal"
    threatened = "threatened"
    group = "group"  # a group of cases: Powell's four federal suits (v2)
    considered = "considered"  # an action considered but not taken (v2)


class Role(StrEnum):
    plaintiff = "plaintiff"
    defendant = "defendant"
    counsel = "counsel"
    judge = "judge"
    deponent = "deponent"
    witness = "witness"
    sanctioned_attorney = "sanctioned_attorney"
    respondent = "respondent"
    movant = "movant"
    prosecutor = "prosecutor"
    potential_plaintiff = "potential_plaintiff"
    potential_defendant = "potential_defendant"
    other = "other"


class Status(StrEnum):
    threatened = "threatened"
    pending = "pending"
    dismissed = "dismissed"
    settled = "settled"
    decided = "decided"
    sanctions_imposed = "sanctions_imposed"
    suspended = "suspended"
    disbarred = "disbarred"
    pardoned = "pardoned"
    withdrawn = "withdrawn"
    closed = "closed"
    failed = "failed"
    affirmed = "affirmed"
    reversed = "reversed"
    not_pursued = "not_pursued"
    interim_suspension = "interim_suspension"
    final_suspension = "final_suspension"


class FilingKind(StrEnum):
    complaint = "complaint"
    motion = "motion"
    brief = "brief"
    answer = "answer"
    exhibit = "exhibit"
    memo = "memo"
    email = "email"
    letter = "letter"
    notice = "notice"
    other = "other"


class RulingKind(StrEnum):
    opinion = "opinion"
    order = "order"
    sanctions_order = "sanctions_order"
    suspension_order = "suspension_order"
    disbarment_order = "disbarment_order"
    judgment = "judgment"
    other = "other"


class Outcome(StrEnum):
    granted = "granted"
    denied = "denied"
    granted_in_part = "granted_in_part"
    dismissed = "dismissed"
    sanctions_imposed = "sanctions_imposed"
    suspended = "suspended"
    disbarred = "disbarred"
    affirmed = "affirmed"
    reversed = "reversed"
    withdrawn = "withdrawn"
    interim_suspension = "interim_suspension"
    final_suspension = "final_suspension"
    other = "other"


class SanctionKind(StrEnum):
    monetary = "monetary"
    fees = "fees"
    referral = "referral"
    education = "education"
    suspension = "suspension"
    disbarment = "disbarment"
    other = "other"


class EventKind(StrEnum):
    news_conference = "news_conference"
    interview = "interview"
    meeting = "meeting"
    statement = "statement"
    hearing = "hearing"
    arrest = "arrest"
    pardon = "pardon"
    settlement = "settlement"
    other = "other"


class Setting(StrEnum):
    """How a quote was said (v2: 'motion' became 'filing', 'deposition' was split)."""

    filing = "filing"
    deposition_question = "deposition_question"
    deposition_answer = "deposition_answer"
    ruling = "ruling"
    email = "email"
    interview = "interview"
    statement = "statement"
    news_conference = "news_conference"
    publication = "publication"
    other = "other"


class Confidence(StrEnum):
    high = "high"
    medium = "medium"


class LoadKind(StrEnum):
    """How a history_load wrote its rows."""

    seed = "seed"
    bulk = "bulk"


class ChangeOp(StrEnum):
    added = "added"
    changed = "changed"
    deleted = "deleted"


ALL_VOCABULARIES: dict[str, type[StrEnum]] = {
    "precision": Precision,
    "source.kind": SourceKind,
    "court.jurisdiction": Jurisdiction,
    "party.kind": PartyKind,
    "actor.kind": ActorKind,
    "date bound": Bound,
    "legal_case.kind": CaseKind,
    "case_role.role": Role,
    "case_status.status": Status,
    "filing.kind": FilingKind,
    "ruling.kind": RulingKind,
    "ruling.outcome": Outcome,
    "sanction.kind": SanctionKind,
    "event.kind": EventKind,
    "quote.setting": Setting,
    "citation.confidence": Confidence,
}


def label(value: str | None) -> str:
    """Human label for a vocabulary value: 'election_challenge' -> 'election challenge'."""
    return "" if value is None else value.replace("_", " ")


def confidence_note(confidence: str | None, *, short: bool = False) -> str:
    """What follows a source that supports a fact only in part: ' (medium confidence)', or
    ' (medium)' where room is short; nothing for high confidence."""
    if confidence != Confidence.medium:
        return ""
    return " (medium)" if short else " (medium confidence)"
