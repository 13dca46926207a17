"""Full-text search over quotes, filings, rulings, events, cases and people.

Search knows people: a person whose name holds every word searched for comes first, then what
those people said (their quotes, found by speaker whatever their words), then cases whose name
holds every word, then every other match, best first. A quote hit carries its speaker and date.

SQLite uses the FTS5 tables ``<table>_fts`` made by migration 0002 (with the prefix indexes
of migration 0005); PostgreSQL uses its own full-text search on the same columns. User text
never reaches the query syntax: it is split into words and each word is quoted, so ``"``,
``*``, ``NEAR``, ``-`` and brackets are just text. A phrase in double quotes stays a phrase.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam
from sqlalchemy import text as sql
from sqlmodel import Session

from casetrack.caselist import DATE_PARTS
from casetrack.caserows import date_from_parts
from casetrack.dates import PartialDate
from casetrack.errors import UsageError

if TYPE_CHECKING:
    from casetrack.services import SourceRef

#: table -> searched columns; the lists migrations 0002 and 0007 (events) index (a migration keeps its own
#: frozen copy, so change both together, in a new migration).
SEARCHED: dict[str, tuple[str, ...]] = {
    "quote": ("text", "context"),
    "filing": ("title", "description"),
    "ruling": ("title", "description", "citation"),
    "legal_case": ("case_name", "short_name", "docket_number", "summary"),
    "party": ("name", "short_name", "description"),
    "event": ("title", "description", "location"),  # since migration 0007
}
KINDS = {
    "quote": "quote", "filing": "filing", "ruling": "ruling", "legal_case": "case", "party": "party", "event": "event",
}  # fmt: skip

_HEADLINE_OPTIONS = '\'StartSel="",StopSel="",MaxWords=20,MinWords=8\''
#: Per kind, rank (bm25) at most this many of the newest matches of a query.
RANK_WINDOW = 2000

_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')

# For each table: the title column shown, and the slug and short name of the hit's case.
_OF_CASE = (
    "(SELECT slug FROM legal_case WHERE id = t.case_id) AS case_slug, "
    "(SELECT short_name FROM legal_case WHERE id = t.case_id) AS case_name"
)
_TITLE_AND_CASE = {
    "quote": ("t.text", _OF_CASE),
    "filing": ("t.title", _OF_CASE),
    "ruling": ("t.title", _OF_CASE),
    "legal_case": ("t.short_name", "t.slug AS case_slug, t.short_name AS case_name"),
    "party": ("t.name", "NULL AS case_slug, NULL AS case_name"),
    "event": ("t.title", _OF_CASE),
}


def _date(name: str | None) -> str:
    """A date's six columns as ``d``, ``d_precision``... (:func:`casetrack.caselist.date_of`
    reads them); all NULL for a kind without a date."""
    return ", ".join(f"{'NULL' if name is None else f't.{name}{part}'} AS d{part}" for part in DATE_PARTS)


_NOBODY = "NULL AS speaker, NULL AS speaker_slug"
# For each table: who said it (quotes: the speaker's name and slug) and its date (six columns).
_SPEAKER_AND_DATE = {
    "quote": "(SELECT name FROM actor WHERE id = t.speaker_actor_id) AS speaker, "
    "(SELECT coalesce(p.slug, a.slug) FROM actor a LEFT JOIN party p ON p.id = a.party_id AND a.kind = 'party' "
    f"WHERE a.id = t.speaker_actor_id) AS speaker_slug, {_date('date')}",
    "filing": f"{_NOBODY}, {_date('date_filed')}",
    "ruling": f"{_NOBODY}, {_date('date_decided')}",
    "legal_case": f"{_NOBODY}, {_date(None)}",
    "party": f"{_NOBODY}, {_date(None)}",
    "event": f"{_NOBODY}, {_date('date')}",
}


def _own_or_linked(table: str) -> str:
    """SQL: a row of ``table`` is of case :case_id: its own case, or one its link table
    ``<table>_case`` names (the rule of :func:`casetrack.services.of_cases`)."""
    return f"(t.case_id = :case_id OR t.id IN (SELECT {table}_id FROM {table}_case WHERE case_id = :case_id))"


# For each table: SQL that keeps the rows of case :case_id (shared records included).
_IN_CASE = {
    **{table: _own_or_linked(table) for table in ("quote", "filing", "ruling", "event")},
    "legal_case": "t.id = :case_id",
    "party": "t.id IN (SELECT party_id FROM case_role WHERE case_id = :case_id)",
}
#: SQL that keeps the quotes of the speakers :speakers (actor ids).
_BY_SPEAKER = "t.speaker_actor_id IN :speakers"


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str  # quote | filing | ruling | case | party | event
    slug: str
    title: str
    snippet: str
    case: str | None
    # Lower is better within its ``match``: for a name, the words of it not searched for; for
    # a speaker, the quote's place in date order; else relevance.
    rank: float
    case_name: str | None = None  # the short name of ``case``
    speaker: str | None = None  # a quote's speaker, as the source names them
    speaker_slug: str | None = None  # the speaker's party slug ('court/...' or 'counsel/...' for others)
    date: PartialDate | None = None  # a quote's, filing's, ruling's or event's date
    match: str = "text"  # why it was found: 'name' (its name has every word), 'speaker' or 'text'
    setting: str | None = None  # a quote's setting (deposition answer, interview...)
    source: SourceRef | None = None  # a quote's source and place in it


def _day(value: Any) -> dt.date | None:
    return value if value is None or isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _hits(table: str, result: Any) -> list[SearchHit]:
    """Rows with the columns slug, title, snippet, case_slug, case_name, speaker, speaker_slug,
    a date's d, d_precision... and rank, as hits."""
    out = []
    for m in result.mappings():
        # Text SQL on SQLite gives dates as ISO text.
        date = date_from_parts(
            _day(m["d"]), m["d_precision"], m["d_approximate"], m["d_text"], _day(m["d_end"]), m["d_bound"]
        )
        hit = SearchHit(
            KINDS[table], m["slug"], m["title"] or "", m["snippet"] or "", m["case_slug"], float(m["rank"]),
            m["case_name"], m["speaker"], m["speaker_slug"], date,
        )  # fmt: skip
        out.append(hit)
    return out


#: Words of a query past this many are dropped: every match must have all of them, and
#: PostgreSQL refuses a text-search query of some 20,000 words ("statement too complex").
MAX_WORDS = 64


def terms(text: str) -> list[list[str]]:
    """The user's text as a list of phrases, each a list of words; punctuation is dropped."""
    phrases = [_WORD.findall(quoted) for quoted in _PHRASE.findall(text)]
    phrases += [[w] for w in _WORD.findall(_PHRASE.sub(" ", text))]
    out: list[list[str]] = []
    room = MAX_WORDS
    for phrase in phrases:
        if phrase and room > 0:
            out.append(phrase[:room])
            room -= len(out[-1])
    return out


def _last_word_is_prefix(text: str, phrases: list[list[str]]) -> bool:
    """Search as you type: the last word is taken as a prefix when it is a word of its own,
    not one closed in quotes."""
    return len(phrases[-1]) == 1 and not text.rstrip().endswith('"')


def fts5_query(text: str, *, prefix: bool = False) -> str | None:
    """A safe FTS5 MATCH expression: every word quoted, all required. None if no words."""
    phrases = terms(text)
    if not phrases:
        return None
    parts = ['"' + " ".join(p).replace('"', '""') + '"' for p in phrases]
    if prefix and _last_word_is_prefix(text, phrases):
        parts[-1] += "*"
    return " ".join(parts)


def _filters(table: str, filters: Filters) -> str:
    """Extra WHERE conditions for a table (each starts with AND)."""
    out = ""
    if filters.case_id is not None:
        out += f" AND {_IN_CASE[table]}"
    if filters.speakers is not None and table == "quote":
        out += f" AND {_BY_SPEAKER}"
    return out


def _sqlite(session: Session, query: str, limit: int, filters: Filters) -> list[SearchHit]:
    hits: list[SearchHit] = []
    for table in filters.tables():
        columns = SEARCHED[table]
        title, case = _TITLE_AND_CASE[table]
        # The first column (a name or title) weighs ten times the rest.
        weights = ", ".join(["10.0", *["1.0"] * (len(columns) - 1)])
        # Rank at most the newest RANK_WINDOW matches: ranking is linear in the matches, and a
        # common word matches a third of a million filings. The bound is the rowid of the
        # RANK_WINDOW-th newest match (FTS5 walks a doclist backwards cheaply), or 0.
        stmt = sql(
            f"SELECT t.slug, {title} AS title, snippet({table}_fts, -1, '', '', '…', 16) AS snippet, {case}, "
            f"{_SPEAKER_AND_DATE[table]}, bm25({table}_fts, {weights}) AS rank "
            f"FROM {table}_fts JOIN {table} t ON t.id = {table}_fts.rowid "
            f"WHERE {table}_fts MATCH :q AND {table}_fts.rowid >= coalesce(("
            f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :q ORDER BY rowid DESC LIMIT 1 OFFSET :window"
            f"), 0){_filters(table, filters)} ORDER BY rank LIMIT :limit"
        )
        params = {"q": query, "limit": limit, "window": RANK_WINDOW - 1, **filters.params()}
        hits += _hits(table, session.connection().execute(_expanding(stmt, filters), params))
    return hits


def _tsquery(phrases: list[list[str]]) -> str:
    """``to_tsquery`` text that requires every phrase. Words are ``\\w+`` (no quote, no
    backslash), so quoting each one keeps user text out of the operators."""
    return " & ".join(" <-> ".join(f"'{w}'" for w in p) for p in phrases)


def _postgres(session: Session, text: str, limit: int, prefix: bool, filters: Filters) -> list[SearchHit]:
    phrases = terms(text)
    if not phrases:
        return []
    params: dict[str, Any] = {"limit": limit, **filters.params()}
    if prefix and _last_word_is_prefix(text, phrases):
        # The half-typed last word as a prefix of the indexed (stemmed) words: 'depositi':*
        # is stemmed to 'depos':* and so finds 'deposit'. A stop word ("the") has no English
        # lexeme, so the word is also taken as it is, which finds 'theori'.
        tsquery = "(to_tsquery('english', :head) && (to_tsquery('english', :last) || to_tsquery('simple', :last)))"
        params |= {"head": _tsquery(phrases[:-1]), "last": f"'{phrases[-1][0]}':*"}
    else:
        # websearch_to_tsquery never raises on user syntax; feed it only words and quoted phrases.
        tsquery = "websearch_to_tsquery('english', :q)"
        params["q"] = " ".join('"' + " ".join(p) + '"' if len(p) > 1 else p[0] for p in phrases)
    hits: list[SearchHit] = []
    for table in filters.tables():
        document = " || ' ' || ".join(f"coalesce({c}, '')" for c in SEARCHED[table])
        title, case = _TITLE_AND_CASE[table]
        stmt = sql(
            f"SELECT t.slug, {title} AS title, ts_headline('english', {document}, q, {_HEADLINE_OPTIONS}) AS snippet, "
            f"{case}, {_SPEAKER_AND_DATE[table]}, -ts_rank(to_tsvector('english', {document}), q) AS rank "
            f"FROM {table} t, (SELECT {tsquery} AS q) AS query "
            f"WHERE to_tsvector('english', {document}) @@ q{_filters(table, filters)} ORDER BY rank LIMIT :limit"
        )
        hits += _hits(table, session.connection().execute(_expanding(stmt, filters), params))
    return hits


def _expanding(stmt: Any, filters: Filters) -> Any:
    return stmt.bindparams(bindparam("speakers", expanding=True)) if filters.speakers is not None else stmt


@dataclass(frozen=True, slots=True)
class Filters:
    """What a search is narrowed to: kinds of hit, one case, the quotes of some speakers."""

    kinds: frozenset[str] = frozenset(KINDS.values())
    case_id: int | None = None
    speakers: tuple[int, ...] | None = None  # actor ids

    def tables(self) -> list[str]:
        kinds = self.kinds & {"quote"} if self.speakers is not None else self.kinds
        return [table for table, kind in KINDS.items() if kind in kinds]

    def params(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.case_id is not None:
            out["case_id"] = self.case_id
        if self.speakers is not None:
            out["speakers"] = list(self.speakers) or [-1]
        return out


def filters(
    *, session: Session, kinds: Sequence[str] | None = None, case: str | None = None, speaker: str | None = None
) -> Filters:
    """Filters from what a user typed: kind names (``case``, ``quote``...), slugs. Unknown
    kinds raise :class:`UsageError`; unknown slugs :class:`~casetrack.services.NotFound`."""
    from casetrack.services import case_id_of, speaker_ids

    chosen = frozenset(KINDS.values())
    if kinds:
        wanted = {k.strip().lower() for k in kinds}
        unknown = sorted(wanted - chosen)
        if unknown:
            raise UsageError(f"unknown kind {unknown[0]!r}; choose from {', '.join(KINDS.values())}")
        chosen = frozenset(wanted)
    case_id = case_id_of(session, case) if case else None
    speakers = tuple(speaker_ids(session, speaker)) if speaker else None
    return Filters(chosen, case_id, speakers)


def _tier(hit: SearchHit) -> int:
    """People whose name matches, then what they said, then cases whose name matches, then
    every other match."""
    if hit.match == "name":
        return 0 if hit.kind == "party" else 2
    return 1 if hit.match == "speaker" else 3


def _name_match(words: list[str], name: str) -> int | None:
    """How many words of ``name`` the search did not ask for, if it holds every word asked
    for (as a word or the start of one); None if it does not. Fewer is a closer match:
    "Sidney Powell" before "Sidney Powell, P.C." for ``powell``."""
    have = [w.casefold() for w in _WORD.findall(name)]
    wanted = [w.casefold() for w in words]
    if not all(any(h.startswith(w) for h in have) for w in wanted):
        return None
    return sum(1 for h in have if not any(h.startswith(w) for w in wanted))


def _people_first(session: Session, text: str, hits: list[SearchHit], limit: int, filters: Filters) -> list[SearchHit]:
    """Name matches first; then the quotes of the people whose name matches, by speaker."""
    words = [w for p in terms(text) for w in p]
    out: list[SearchHit] = []
    named: list[str] = []
    for hit in hits:
        extra = _name_match(words, hit.title) if hit.kind in ("party", "case") and words else None
        if extra is not None:
            hit = dataclasses.replace(hit, rank=float(extra), match="name")
            if hit.kind == "party":
                named.append(hit.slug)
        out.append(hit)
    if named and "quote" in filters.kinds and filters.speakers is None:
        from casetrack.services import speaker_ids

        seen = {h.slug for h in out if h.kind == "quote"}
        ids = [actor for slug in named for actor in speaker_ids(session, slug)]
        spoken = _quotes_of(session, ids, limit, filters)
        for position, hit in enumerate(spoken):
            better = dataclasses.replace(hit, rank=float(position), match="speaker")
            if hit.slug in seen:
                out = [better if h.kind == "quote" and h.slug == hit.slug else h for h in out]
            else:
                out.append(better)
    return out


def _quotes_of(session: Session, actors: list[int], limit: int, filters: Filters) -> list[SearchHit]:
    """The quotes these speakers said (undated last), as hits."""
    if not actors:
        return []
    title, case = _TITLE_AND_CASE["quote"]
    narrowed = Filters(filters.kinds, filters.case_id, tuple(actors))
    stmt = sql(
        f"SELECT t.slug, {title} AS title, t.text AS snippet, {case}, {_SPEAKER_AND_DATE['quote']}, 0 AS rank "
        "FROM quote t "
        f"WHERE 1 = 1{_filters('quote', narrowed)} ORDER BY t.date IS NULL, t.date, t.id LIMIT :limit"
    )
    params = {"limit": limit, **narrowed.params()}
    return _hits("quote", session.connection().execute(_expanding(stmt, narrowed), params))


def search(
    text: str, *, session: Session, limit: int = 20, prefix: bool = False, filters: Filters | None = None
) -> list[SearchHit]:
    """Best matches first across all kinds (see the module's ranking). ``prefix`` also matches
    words that start with the last word typed (for search as you type); ``filters`` narrows."""
    limit = max(1, min(limit, 1000))
    narrow = filters or Filters()
    dialect = session.get_bind().dialect.name
    hits: list[Any]
    if dialect == "sqlite":
        query = fts5_query(text, prefix=prefix)
        hits = [] if query is None else _sqlite(session, query, limit, narrow)
    else:
        hits = _postgres(session, text, limit, prefix, narrow)
    hits = _people_first(session, text, hits, limit, narrow)
    hits.sort(key=lambda h: (_tier(h), h.rank, h.kind, h.slug))
    return _with_sources(session, hits[:limit])


def _with_sources(session: Session, hits: list[SearchHit]) -> list[SearchHit]:
    """Quote hits with their setting and source (named as every citation is), read in one
    query through the services' quote read model."""
    slugs = [h.slug for h in hits if h.kind == "quote"]
    if not slugs:
        return hits
    from sqlmodel import col

    from casetrack.models import Quote
    from casetrack.services import quote_select, quote_summary, run

    found = run(session, quote_select().where(col(Quote.slug).in_(slugs))).mappings().all()
    quotes = {q.slug: q for q in map(quote_summary, found)}
    return [
        dataclasses.replace(h, setting=quotes[h.slug].setting, source=quotes[h.slug].source)
        if h.kind == "quote" and h.slug in quotes
        else h
        for h in hits
    ]
