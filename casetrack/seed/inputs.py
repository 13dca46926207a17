"""pydantic models of the seed files (docs/seed-format.md). Unknown keys are errors."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from casetrack import vocab
from casetrack.dates import DateError, PartialDate, last_day, parse_date

SLUG_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_RE, max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
CITATION_RE = re.compile(r"^(?P<source>[a-z0-9]+(?:-[a-z0-9]+)*):(?P<locator>\S+)$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _wrap(key: str, model: type[BaseModel]) -> Any:
    """A mapping that may be written as its ``key`` alone (``date_filed: 2021-08-25``)."""

    def wrap(value: Any) -> Any:
        return {key: value} if isinstance(value, str) else value

    return BeforeValidator(wrap, json_schema_input_type=str | model)


def _check_date(value: str | None) -> str | None:
    if value is not None:
        try:
            parse_date(value)
        except DateError as exc:
            raise ValueError(str(exc)) from None
    return value


DateText = Annotated[str, AfterValidator(_check_date)]


class DateSpec(Strict):
    """A date as written: ``on``, ``relative`` + ``to`` (a source slug), a range
    (``between: [first, last]``) or a bound (``before`` / ``after``)."""

    on: DateText | None = None
    approximate: bool | None = None
    says: str | None = None
    relative: str | None = None
    to: Slug | None = None
    between: tuple[DateText, DateText] | None = None
    before: DateText | None = None
    after: DateText | None = None
    #: A date still to come (a hearing set for next month): the only kind later than today.
    scheduled: bool | None = None

    @model_validator(mode="after")
    def _one_form(self) -> DateSpec:
        forms = [k for k in ("on", "relative", "between", "before", "after") if getattr(self, k) is not None]
        if len(forms) != 1:
            raise ValueError("give one of 'on', 'relative' (with 'to'), 'between', 'before' or 'after'")
        if self.relative is not None and self.to is None:
            raise ValueError("a relative date needs 'to': the source it is relative to")
        if self.relative is None and self.to is not None:
            raise ValueError("'to' goes with 'relative'")
        if self.between is not None:
            first, last = (parse_date(v) for v in self.between)
            if last_day(last) < first.value:
                raise ValueError(f"the range {self.between[0]} to {self.between[1]} ends before it starts")
        return self

    def absolute(self) -> PartialDate | None:
        """The date when written absolutely; relative dates are resolved by the compiler."""
        if self.relative is not None:
            return None
        bound = "before" if self.before is not None else "after" if self.after is not None else None
        first = self.between[0] if self.between is not None else (self.on or self.before or self.after)
        if first is None:  # _one_form sees to it
            raise ValueError("a date needs one of on, before, after, between or relative")
        parsed = parse_date(first)
        end = last_day(parse_date(self.between[1])) if self.between is not None else None
        approximate = parsed.approximate if self.approximate is None else self.approximate
        return PartialDate(parsed.value, parsed.precision, approximate, self.says, end=end, bound=bound)


DateIn = Annotated[DateSpec, _wrap("on", DateSpec)]


class CitationSpec(Strict):
    ref: str
    confidence: vocab.Confidence = vocab.Confidence.high
    note: str | None = None

    @field_validator("ref")
    @classmethod
    def _form(cls, value: str) -> str:
        if not CITATION_RE.match(value):
            raise ValueError(f"citation {value!r} is not SOURCE:LOCATOR (e.g. nyt-coomer-memo:p13, background:B07)")
        return value

    def _parts(self) -> re.Match[str]:
        m = CITATION_RE.match(self.ref)
        if m is None:  # _form sees to it
            raise ValueError(f"citation {self.ref!r} is not SOURCE:LOCATOR")
        return m

    @property
    def source(self) -> str:
        return self._parts()["source"]

    @property
    def locator(self) -> str:
        return self._parts()["locator"]


CitationIn = Annotated[CitationSpec, _wrap("ref", CitationSpec)]
Sources = Annotated[list[CitationIn], Field(min_length=1)]


class SourceIn(Strict):
    slug: Slug
    kind: vocab.SourceKind
    title: Text
    #: how citations name the source beside its date, e.g. "NYT: Trump campaign memo"
    short_title: Annotated[str, StringConstraints(min_length=1, max_length=60)] | None = None
    publisher: str | None = None
    author: str | None = None
    date_published: DateIn | None = None
    file: str | None = None
    lines: tuple[int, int] | None = None
    sources: list[CitationIn] = []

    @model_validator(mode="after")
    def _lines(self) -> SourceIn:
        if self.lines is not None:
            if self.file is None:
                raise ValueError("'lines' needs 'file'")
            first, last = self.lines
            if first < 1 or last < first:
                raise ValueError("'lines' must be [first, last] with 1 <= first <= last")
        return self


class CourtIn(Strict):
    slug: Slug
    name: Text
    short_name: str | None = None
    jurisdiction: vocab.Jurisdiction
    location: str | None = None
    sources: Sources


class MemberIn(Strict):
    """A named member of a group party."""

    party: Slug
    note: str | None = None
    sources: Sources


class PartyIn(Strict):
    slug: Slug
    name: Text
    kind: vocab.PartyKind
    short_name: str | None = None
    description: str | None = None
    member_count: Annotated[int, Field(ge=1)] | None = None
    members: list[MemberIn] = []
    sources: Sources

    @model_validator(mode="after")
    def _group(self) -> PartyIn:
        if (self.member_count is not None or self.members) and self.kind is not vocab.PartyKind.group:
            raise ValueError("'member_count' and 'members' go with kind: group")
        return self


class SpeakerSpec(Strict):
    """Who speaks or files: a party, a court, or counsel for a party (in this case unless
    ``case`` says otherwise), named (``lawyer``) or not."""

    party: Slug | None = None
    court: Slug | None = None
    counsel_for: Slug | None = None
    lawyer: Slug | None = None
    case: Slug | None = None

    @model_validator(mode="after")
    def _one(self) -> SpeakerSpec:
        if sum(v is not None for v in (self.party, self.court, self.counsel_for)) != 1:
            raise ValueError("name one of 'party', 'court' or 'counsel_for'")
        if (self.lawyer is not None or self.case is not None) and self.counsel_for is None:
            raise ValueError("'lawyer' and 'case' go with 'counsel_for'")
        return self


SpeakerIn = Annotated[SpeakerSpec, _wrap("party", SpeakerSpec)]


class CaseLinkSpec(Strict):
    """A further case a record bears on, with the citation that says so."""

    case: Slug
    sources: list[CitationIn] = []


CaseLinkIn = Annotated[CaseLinkSpec, _wrap("case", CaseLinkSpec)]


class RoleIn(Strict):
    party: Slug
    role: vocab.Role
    for_: Slug | None = Field(default=None, alias="for")
    until: DateIn | None = None
    note: str | None = None
    sources: Sources

    @model_validator(mode="after")
    def _counsel(self) -> RoleIn:
        if self.for_ is not None and self.role is not vocab.Role.counsel:
            raise ValueError("'for' goes with role: counsel")
        return self


class SetByIn(Strict):
    filing: Slug | None = None
    ruling: Slug | None = None
    event: Slug | None = None

    @model_validator(mode="after")
    def _one(self) -> SetByIn:
        if sum(v is not None for v in (self.filing, self.ruling, self.event)) != 1:
            raise ValueError("set_by names exactly one of filing, ruling, event")
        return self


class StatusIn(Strict):
    slug: Slug | None = None
    status: vocab.Status
    as_of: DateIn
    set_by: SetByIn | None = None
    note: str | None = None
    sources: Sources


def _listed(value: Any) -> Any:
    return value if isinstance(value, list) else [value]


class FilingIn(Strict):
    slug: Slug
    kind: vocab.FilingKind
    title: Text
    filed_by: Annotated[
        list[SpeakerIn], BeforeValidator(_listed, json_schema_input_type=SpeakerIn | list[SpeakerIn])
    ] = []
    also_cases: list[CaseLinkIn] = []
    author: Slug | None = None
    exhibit_to: Slug | None = None
    date_filed: DateIn | None = None
    date_written: DateIn | None = None
    description: str | None = None
    sources: Sources


class DepositionIn(Strict):
    slug: Slug
    deponent: Slug
    on_behalf_of: Slug | None = None
    taken_by: Slug | None = None
    date_taken: DateIn | None = None
    description: str | None = None
    sources: Sources


class SanctionIn(Strict):
    party: Slug
    kind: vocab.SanctionKind
    description: str | None = None
    sources: Sources


class RulingIn(Strict):
    slug: Slug
    kind: vocab.RulingKind
    title: Text
    judge: Slug | None = None
    court: Slug | None = None
    also_cases: list[CaseLinkIn] = []
    date_decided: DateIn | None = None
    outcome: vocab.Outcome | None = None
    citation: str | None = None
    description: str | None = None
    sanctions: list[SanctionIn] = []
    sources: Sources


class EventIn(Strict):
    slug: Slug
    kind: vocab.EventKind
    title: Text
    date: DateIn | None = None
    location: str | None = None
    description: str | None = None
    also_cases: list[CaseLinkIn] = []
    sources: Sources


class LooseEventIn(EventIn):
    """An event in events.yaml: it stands outside any case, and bears on ``cases`` (if any)."""

    also_cases: list[CaseLinkIn] = Field(default=[], alias="cases")


class FromIn(Strict):
    deposition: Slug | None = None
    ruling: Slug | None = None
    filing: Slug | None = None
    event: Slug | None = None

    @model_validator(mode="after")
    def _one(self) -> FromIn:
        refs = (self.deposition, self.ruling, self.filing, self.event)
        if sum(v is not None for v in refs) != 1:
            raise ValueError("'from' names exactly one of deposition, ruling, filing, event")
        return self


class QuoteIn(Strict):
    slug: Slug
    text: Annotated[list[Text], BeforeValidator(_listed, json_schema_input_type=Text | list[Text]), Field(min_length=1)]
    speaker: SpeakerIn
    setting: vocab.Setting
    from_: FromIn | None = Field(default=None, alias="from")
    date: DateIn | None = None
    context: str | None = None
    also_cases: list[CaseLinkIn] = []
    source: CitationIn


class LooseQuoteIn(QuoteIn):
    """A quote in quotes.yaml: it bears on ``cases``, which may be none."""

    also_cases: list[CaseLinkIn] = Field(default=[], alias="cases")


class CaseIn(Strict):
    slug: Slug
    case_name: Text
    short_name: Text
    kind: vocab.CaseKind
    court: Slug | None = None
    docket_number: str | None = None
    nature_of_suit: str | None = None
    date_filed: DateIn | None = None
    date_terminated: DateIn | None = None
    disposition: str | None = None
    parent: Slug | None = None
    members: list[Slug] = []
    summary: str | None = None
    sources: Sources
    parties: list[RoleIn] = []
    status: Annotated[list[StatusIn], Field(min_length=1)]
    filings: list[FilingIn] = []
    depositions: list[DepositionIn] = []
    rulings: list[RulingIn] = []
    events: list[EventIn] = []
    quotes: list[QuoteIn] = []
