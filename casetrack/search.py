"""Full-text search over quotes, filings, rulings, cases and people.

SQLite uses the FTS5 tables ``<table>_fts`` made by migration 0002 (with the prefix indexes
of migration 0005); PostgreSQL uses its own full-text search on the same columns. User text
never reaches the query syntax: it is split into words and each word is quoted, so ``"``,
``*``, ``NEAR``, ``-`` and brackets are just text. A phrase in double quotes stays a phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text as sql
from sqlmodel import Session

#: table -> searched columns; the same list migration 0002 indexes (a migration keeps its own
#: frozen copy, so change both together, in a new migration).
SEARCHED: dict[str, tuple[str, ...]] = {
    "quote": ("text", "context"),
    "filing": ("title", "description"),
    "ruling": ("title", "description", "citation"),
    "legal_case": ("case_name", "short_name", "docket_number", "summary"),
    "party": ("name", "short_name", "description"),
}
KINDS = {"quote": "quote", "filing": "filing", "ruling": "ruling", "legal_case": "case", "party": "party"}

_HEADLINE_OPTIONS = '\'StartSel="",StopSel="",MaxWords=20,MinWords=8\''
#: Per kind, rank (bm25) at most this many of the newest matches of a query.
RANK_WINDOW = 2000

_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')

# For each table: the title column shown, and the slug and short name of the hit's case.
_OF_CASE = (
    "(SELECT slug FROM legal_case WHERE id = t.case_id), (SELECT short_name FROM legal_case WHERE id = t.case_id)"
)
_TITLE_AND_CASE = {
    "quote": ("t.text", _OF_CASE),
    "filing": ("t.title", _OF_CASE),
    "ruling": ("t.title", _OF_CASE),
    "legal_case": ("t.short_name", "t.slug, t.short_name"),
    "party": ("t.name", "NULL, NULL"),
}


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str  # quote | filing | ruling | case | party
    slug: str
    title: str
    snippet: str
    case: str | None
    rank: float
    case_name: str | None = None  # the short name of ``case``


def _hits(table: str, rows: Any) -> list[SearchHit]:
    """Rows of (slug, title, snippet, case slug, case name, rank) as hits."""
    return [
        SearchHit(KINDS[table], slug, title or "", snippet or "", case, float(rank), case_name)
        for slug, title, snippet, case, case_name, rank in rows
    ]


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


def _sqlite(session: Session, query: str, limit: int) -> list[SearchHit]:
    hits: list[SearchHit] = []
    for table, columns in SEARCHED.items():
        title, case = _TITLE_AND_CASE[table]
        # The first column (a name or title) weighs ten times the rest.
        weights = ", ".join(["10.0", *["1.0"] * (len(columns) - 1)])
        # Rank at most the newest RANK_WINDOW matches: ranking is linear in the matches, and a
        # common word matches a third of a million filings. The bound is the rowid of the
        # RANK_WINDOW-th newest match (FTS5 walks a doclist backwards cheaply), or 0.
        stmt = sql(
            f"SELECT t.slug, {title}, snippet({table}_fts, -1, '', '', '…', 16), {case}, "
            f"bm25({table}_fts, {weights}) AS rank "
            f"FROM {table}_fts JOIN {table} t ON t.id = {table}_fts.rowid "
            f"WHERE {table}_fts MATCH :q AND {table}_fts.rowid >= coalesce(("
            f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :q ORDER BY rowid DESC LIMIT 1 OFFSET :window"
            f"), 0) ORDER BY rank LIMIT :limit"
        )
        params = {"q": query, "limit": limit, "window": RANK_WINDOW - 1}
        hits += _hits(table, session.connection().execute(stmt, params))
    return hits


def _tsquery(phrases: list[list[str]]) -> str:
    """``to_tsquery`` text that requires every phrase. Words are ``\\w+`` (no quote, no
    backslash), so quoting each one keeps user text out of the operators."""
    return " & ".join(" <-> ".join(f"'{w}'" for w in p) for p in phrases)


def _postgres(session: Session, text: str, limit: int, prefix: bool) -> list[SearchHit]:
    phrases = terms(text)
    if not phrases:
        return []
    params: dict[str, Any] = {"limit": limit}
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
    for table, columns in SEARCHED.items():
        document = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
        title, case = _TITLE_AND_CASE[table]
        stmt = sql(
            f"SELECT t.slug, {title}, ts_headline('english', {document}, q, {_HEADLINE_OPTIONS}), "
            f"{case}, -ts_rank(to_tsvector('english', {document}), q) AS rank "
            f"FROM {table} t, (SELECT {tsquery} AS q) AS query "
            f"WHERE to_tsvector('english', {document}) @@ q ORDER BY rank LIMIT :limit"
        )
        hits += _hits(table, session.connection().execute(stmt, params))
    return hits


def search(text: str, *, session: Session, limit: int = 20, prefix: bool = False) -> list[SearchHit]:
    """Best matches first across all kinds. ``prefix`` also matches words that start with
    the last word typed (for search as you type)."""
    limit = max(1, min(limit, 1000))
    dialect = session.get_bind().dialect.name
    hits: list[Any]
    if dialect == "sqlite":
        query = fts5_query(text, prefix=prefix)
        hits = [] if query is None else _sqlite(session, query, limit)
    else:
        hits = _postgres(session, text, limit, prefix)
    hits.sort(key=lambda h: (h.rank, h.kind, h.slug))
    return hits[:limit]
