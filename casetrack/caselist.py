"""The case list (``casetrack cases`` and the TUI's first screen), in SQLAlchemy Core only.

The list is what people start casetrack for, so it must not wait for the ORM, pydantic and
SQLModel's model classes to be built (about 0.35 s on a cold start, more than SQLAlchemy
itself takes). Its statements are made from light ``table()``/``column()`` clauses of the
columns they use; tests/test_caselist.py checks each against the models' metadata (name and
type), so a column renamed in the models fails a test here rather than at run time.
:mod:`casetrack.services` re-exports everything public.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    tuple_,
)
from sqlalchemy.sql.expression import TableClause

from casetrack import caserows
from casetrack.caserows import DATE_PARTS as DATE_PARTS
from casetrack.caserows import CasePage as CasePage
from casetrack.caserows import CaseSummary as CaseSummary
from casetrack.caserows import PageEnd as PageEnd
from casetrack.caserows import cached_date, rows_by_id, sql_reader, summaries
from casetrack.dates import PartialDate
from casetrack.errors import CasetrackError


def _date(name: str) -> list[Any]:
    return [
        column(name, Date),
        column(f"{name}_precision", String),
        column(f"{name}_approximate", Boolean),
        column(f"{name}_text", String),
        column(f"{name}_end", Date),
        column(f"{name}_bound", String),
    ]


def _ids(*names: str) -> list[Any]:
    return [column(name, Integer) for name in names]


legal_case = table(
    "legal_case",
    *_ids("id", "court_id"),
    *(column(name, String) for name in ("slug", "short_name", "case_name", "kind")),
)
court = table("court", *_ids("id"), column("short_name", String), column("name", String))
case_status = table("case_status", *_ids("id", "case_id"), column("status", String), *_date("as_of"))
filing = table("filing", *_ids("id", "case_id"), *_date("date_filed"))
ruling = table("ruling", *_ids("id", "case_id"), *_date("date_decided"))
deposition = table("deposition", *_ids("id", "case_id"), *_date("date_taken"))
event = table("event", *_ids("id", "case_id"), *_date("date"))
quote = table("quote", *_ids("id", "case_id"))
filing_case = table("filing_case", *_ids("case_id", "filing_id"))
ruling_case = table("ruling_case", *_ids("case_id", "ruling_id"))
event_case = table("event_case", *_ids("case_id", "event_id"))
quote_case = table("quote_case", *_ids("case_id", "quote_id"))

#: Every light table, for the test that checks them against the models.
TABLES: tuple[TableClause, ...] = (
    legal_case, court, case_status, filing, ruling, deposition, event, quote,
    filing_case, ruling_case, event_case, quote_case,
)  # fmt: skip


def date_cols(columns: Any, name: str, label: str | None = None) -> list[Any]:
    """The six columns of date ``name`` of a model class or a table's ``.c``, labelled
    ``label``, ``label_precision``... for :func:`date_of` to read back; with no ``label`` they
    keep their own names (and the SQL stays as :mod:`casetrack.firstpage` copied it)."""
    if label is None:
        return [getattr(columns, name + part) for part in DATE_PARTS]
    return [getattr(columns, name + part).label(label + part) for part in DATE_PARTS]


def date_of(row: Mapping[Any, Any], label: str) -> PartialDate | None:
    """The date a row's :func:`date_cols` columns ``label``... hold (a row's ``_mapping``)."""
    day, precision, approximate, text, end, bound = _date_keys(label)
    value = row[day]
    if value is None:
        return None
    return cached_date(value, row[precision], bool(row[approximate]), row[text], row[end], row[bound])


@functools.cache
def _date_keys(label: str) -> tuple[str, ...]:
    """``label``, ``label_precision``...: built once per label, not once per row."""
    return tuple(label + part for part in DATE_PARTS)


CASE_SORTS = ("name", "kind", "court", "status", "as_of", "activity", "filings", "quotes")

_BY_NAME = {t.name: t for t in TABLES}

#: The dated records whose latest date is a case's latest activity (label, table, date column,
#: link table or None), in tie-break order: :data:`casetrack.caserows.ACTIVITY` as tables.
ACTIVITY: tuple[tuple[str, TableClause, str, TableClause | None], ...] = tuple(
    (label, _BY_NAME[t], name, None if link is None else _BY_NAME[link]) for label, t, name, link in caserows.ACTIVITY
)


def current_status_id(case_id: Any) -> Any:
    """The id of a case's latest status row (an alias, so it nests inside other status queries)."""
    latest = case_status.alias()
    return (
        select(latest.c.id)
        .where(latest.c.case_id == case_id)
        .order_by(latest.c.as_of.desc(), latest.c.id.desc())
        .limit(1)
        .correlate_except(latest)
        .scalar_subquery()
    )


def like_escaped(text: str) -> str:
    """``text`` for a LIKE pattern, its wildcards taken literally (with ``escape="\\"``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column: Any, text: str) -> Any:
    """Case-insensitive "column contains text", with % and _ in text taken literally."""
    return func.lower(column).like(f"%{like_escaped(text.lower())}%", escape="\\")


def _case_filters(stmt: Select[Any], kind: str | None, status: str | None, text: str | None) -> Select[Any]:
    lc = legal_case.c
    if kind:
        stmt = stmt.where(lc.kind == kind)
    if status:
        stmt = stmt.where(
            select(case_status.c.status).where(case_status.c.id == current_status_id(lc.id)).scalar_subquery() == status
        )
    if text:
        stmt = stmt.where(or_(contains(lc.short_name, text), contains(lc.case_name, text)))
    return stmt


def count_cases(
    conn: Connection, *, kind: str | None = None, status: str | None = None, text: str | None = None
) -> int:
    return int(conn.execute(_count_statement(kind, status, text)).scalar_one())


def _count_statement(kind: str | None, status: str | None, text: str | None) -> Select[Any]:
    return _case_filters(select(func.count()).select_from(legal_case), kind, status, text)


def n_filings(case_id: Any) -> Any:
    """A case's filings, its own and those shared with it."""
    own = select(func.count()).where(filing.c.case_id == case_id).scalar_subquery()
    shared = select(func.count()).where(filing_case.c.case_id == case_id).scalar_subquery()
    return own + shared


def n_quotes(case_id: Any) -> Any:
    """The quotes that bear on a case: filed under it or linked to it (as the case view counts them)."""
    own = select(func.count()).where(quote.c.case_id == case_id).scalar_subquery()
    linked = select(func.count()).where(quote_case.c.case_id == case_id).scalar_subquery()
    return own + linked


def _of_case(stmt: Select[Any], t: TableClause, link: TableClause | None, case_id: Any) -> Select[Any]:
    """Rows of ``t`` that are the case's own (no link), or shared with it through ``link``."""
    if link is None:
        return stmt.where(t.c.case_id == case_id)
    return stmt.join(link, link.c[f"{t.name}_id"] == t.c.id).where(link.c.case_id == case_id)


def _activity_key(dialect: str) -> Any:
    """The latest of a case's latest dates (its own records and those shared with it); NULL only
    when it has no dated record."""
    cols = [
        _of_case(select(func.max(t.c[name])), t, link, legal_case.c.id).scalar_subquery()
        for _label, t, name, link in ACTIVITY
    ]
    if dialect != "sqlite":
        return func.greatest(*cols)  # PostgreSQL's greatest() skips NULLs
    # SQLite's max(a, b, ...) is NULL when any argument is; dates are ISO text there, so ''
    # stands below every date and is turned back into NULL.
    empty: Any = literal_column("''")
    return func.nullif(func.max(*[func.coalesce(c, empty) for c in cols]), empty)


def _latest_row_id(t: TableClause, name: str, link: TableClause | None, case_id: Any) -> Any:
    """The id of a case's latest dated row of ``t`` (the lowest id among equal dates).

    A case's own rows: the lowest id at the latest date, two lookups on the index
    ``ix_<table>_case_id_<date>`` (its latest date, then the first id at that date). Ordering
    by (date DESC, id) instead sorted every dated row of the case, since the index gives ids
    in the other direction when read backwards: a third of ``cases --json``'s time on 100,000
    cases."""
    latest = t.alias()
    col = latest.c[name]
    if link is None:
        newest = t.alias()
        last_date = select(func.max(newest.c[name])).where(newest.c.case_id == case_id).correlate_except(newest)
        return (
            select(func.min(latest.c.id))
            .where(latest.c.case_id == case_id, col == last_date.scalar_subquery())
            .correlate_except(latest)
            .scalar_subquery()
        )
    shared = link.alias()
    stmt = (
        select(latest.c.id)
        .join(shared, shared.c[f"{t.name}_id"] == latest.c.id)
        .where(shared.c.case_id == case_id)
        .correlate_except(latest, shared)
    )
    return stmt.where(col.is_not(None)).order_by(col.desc(), latest.c.id).limit(1).scalar_subquery()


def _sort_key(dialect: str, sort: str, status_row: Any) -> Any:
    lc = legal_case.c
    if sort not in CASE_SORTS:
        raise CasetrackError(f"unknown sort {sort!r}; choose from {', '.join(CASE_SORTS)}")
    if sort == "activity":
        return _activity_key(dialect)
    return {
        "name": func.lower(lc.short_name),
        "kind": lc.kind,
        "court": func.coalesce(court.c.short_name, court.c.name),
        "status": status_row.c.status,
        "as_of": status_row.c.as_of,
        "filings": n_filings(lc.id),
        "quotes": n_quotes(lc.id),
    }[sort]


#: Sorts whose key is never NULL (a case always has a name and a kind).
_NOT_NULL = ("name", "kind")


def _after(key: Any, sort: str, descending: bool, end: PageEnd) -> Any:
    """The cases that come after ``end`` in the order ``key`` (descending or not, NULLs
    last), then slug: the keyset condition of the next page."""
    value, slug = end
    slug_after = legal_case.c.slug > slug
    if value is None:  # among the undated (or unknown) cases, sorted by slug
        return and_(key.is_(None), slug_after)
    bound = literal(value, key.type)
    if not descending:
        # A row value walks the name index (lower(short_name), slug) on both databases.
        beyond = tuple_(key, legal_case.c.slug) > tuple_(bound, literal(slug))
    else:
        beyond = or_(key < bound, and_(key == bound, slug_after))
    return beyond if sort in _NOT_NULL else or_(beyond, key.is_(None))


def _page_statement(
    dialect: str,
    *,
    kind: str | None,
    status: str | None,
    text: str | None,
    sort: str,
    descending: bool,
    limit: int | None,
    offset: int = 0,
    after: PageEnd | None = None,
) -> Select[Any]:
    """The (id, sort key, slug) of the cases of a page, in order."""
    lc = legal_case.c
    status_row = case_status.alias()
    key = _sort_key(dialect, sort, status_row)
    order = key.desc() if descending else key.asc()
    # SQLite drops the joins a sort does not use; keeping them in the statement also keeps it
    # scanning cases in id order (the order their records were written) rather than through
    # the slug index, which makes each per-case lookup a random read.
    stmt: Select[Any] = (
        select(lc.id, key, lc.slug)
        .select_from(legal_case)
        .outerjoin(court, court.c.id == lc.court_id)
        .outerjoin(status_row, status_row.c.id == current_status_id(lc.id))
    )
    # The name and kind of a case are never NULL; NULLS LAST would only keep an index out.
    order = order if sort in _NOT_NULL else order.nulls_last()
    stmt = _case_filters(stmt, kind, status, text).order_by(order, lc.slug)
    if after is not None:
        stmt = stmt.where(_after(key, sort, descending, after))
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    return stmt


def _page_ids(conn: Connection, **page: Any) -> list[Any]:
    """(id, sort key, slug) of the cases of a page, in order (see :func:`_page_statement`)."""
    return list(conn.execute(_page_statement(conn.dialect.name, **page)).all())


def first_page_sql(limit: int | None) -> tuple[str, str, str]:
    """SQLite's text of the statements of the case list as it opens (sorted by name, no
    filter): the (id, key, slug) of its first ``limit`` cases (None: of every case), the
    summaries of the ids put in for ``{ids}`` (unordered: see :func:`_summary_select`), and
    how many cases there are. :mod:`casetrack.firstpage` runs them with the ``sqlite3`` module,
    so that the TUI's first rows and ``cases --json`` need no SQLAlchemy; tests/test_caselist.py
    checks that its copies are these, and that they give what :func:`case_page`,
    :func:`count_cases` and :func:`list_cases_json` give."""
    from sqlalchemy.dialects import sqlite

    def text(stmt: Any) -> str:
        return str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))

    page = _page_statement("sqlite", kind=None, status=None, text=None, sort="name", descending=False, limit=limit)
    return text(page), _summary_sql(ordered=False), text(_count_statement(None, None, None))


@functools.cache
def _summary_sql(*, ordered: bool) -> str:
    """SQLite's text of :func:`_summary_select`, with ``{ids}`` where its ids go."""
    from sqlalchemy.dialects import sqlite

    marker = -987654321
    stmt = _summary_select(ordered=ordered).params(ids=[marker])
    compiled = str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    return compiled.replace(f"IN ({marker})", "IN ({ids})")


def list_cases(
    conn: Connection,
    *,
    kind: str | None = None,
    status: str | None = None,
    text: str | None = None,
    sort: str = "name",
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[CaseSummary]:
    """A page of cases with their current status, latest activity and counts."""
    rows = _page_ids(
        conn, kind=kind, status=status, text=text, sort=sort, descending=descending, limit=limit, offset=offset
    )
    return _case_summaries(conn, [r[0] for r in rows])


def case_page(
    conn: Connection,
    *,
    kind: str | None = None,
    status: str | None = None,
    text: str | None = None,
    sort: str = "name",
    descending: bool = False,
    limit: int,
    after: PageEnd | None = None,
) -> CasePage:
    """The ``limit`` cases that follow ``after`` (the end of the previous page; None for the
    first page), as :func:`list_cases` sorts them.

    A page starts after the last case shown, not at a count of rows: when a load commits
    between two pages, the next page neither repeats a case nor skips one that was there
    all along (cases added before the end of the previous page are not shown; a case whose
    sort key changed meanwhile is where its new key puts it).
    """
    rows = _page_ids(
        conn, kind=kind, status=status, text=text, sort=sort, descending=descending, limit=limit, after=after
    )
    cases = _case_summaries(conn, [r[0] for r in rows])
    return CasePage(cases, (rows[-1][1], rows[-1][2]) if rows else None, len(rows) == limit)


@functools.cache
def _summary_select(*, ordered: bool = True) -> Select[Any]:
    """One row per case id in the ``ids`` parameter: the summary columns and the latest
    dated record of each kind. Built once: building aliased statements is slow.

    ``ordered``: by id, in a sort that SQLite finishes before the first row (see below).
    Without it, ``cases --json`` (which reads all rows at once in SQLite's JSON statement)
    takes a tenth less time on 100,000 cases."""
    lc = legal_case.c
    status_row = case_status.alias()
    latest = [(label, t.alias(), name, t, link) for label, t, name, link in ACTIVITY]
    stmt = select(
        lc.id,
        lc.slug,
        lc.short_name,
        lc.case_name,
        lc.kind,
        func.coalesce(court.c.short_name, court.c.name).label("court"),
        status_row.c.status,
        *date_cols(status_row.c, "as_of"),
        n_filings(lc.id).label("filings"),
        n_quotes(lc.id).label("quotes"),
        *[c for label, row, name, _t, _link in latest for c in date_cols(row.c, name, label)[:3]],
    ).select_from(legal_case)
    stmt = stmt.outerjoin(court, court.c.id == lc.court_id)
    stmt = stmt.outerjoin(status_row, status_row.c.id == current_status_id(lc.id))
    for _label, row, name, t, link in latest:
        stmt = stmt.outerjoin(row, row.c.id == _latest_row_id(t, name, link, lc.id))
    stmt = stmt.where(lc.id.in_(bindparam("ids", expanding=True)))
    # Sorting by an expression no index gives makes SQLite compute every row in the first
    # step. Rows that are computed one step at a time each hand the GIL over, and with the
    # TUI's thread busy every hand-over can cost a switch interval (5 ms): 200 rows took
    # 0.7 s that way, against 10 ms with the sort.
    return stmt.order_by(lc.id + literal(0)) if ordered else stmt


def _case_summaries(conn: Connection, ids: list[int]) -> list[CaseSummary]:
    stmt = _summary_select()

    def read(chunk: list[int]) -> Iterable[tuple[int, Any]]:
        return ((row["id"], row) for row in conn.execute(stmt, {"ids": chunk}).mappings())

    return summaries(ids, rows_by_id(ids, read))


def list_cases_json(
    conn: Connection,
    *,
    kind: str | None = None,
    status: str | None = None,
    text: str | None = None,
    sort: str = "name",
    descending: bool = False,
) -> list[str] | None:
    """The JSON text of each case :func:`list_cases` gives, as the CLI writes a summary, built
    by SQLite (:mod:`casetrack.casejson`); None when the database is not SQLite, or a SQLite
    without the JSON functions and MATERIALIZED (3.35): the caller builds it from the list."""
    import sqlite3

    from casetrack.casejson import COLUMNS, json_of

    if conn.dialect.name != "sqlite" or sqlite3.sqlite_version_info < (3, 35):
        return None
    ids = [r[0] for r in _page_ids(conn, kind=kind, status=status, text=text, sort=sort, descending=descending,
                                   limit=None)]  # fmt: skip
    # SQLite's own cursor: SQLAlchemy's result rows cost a tenth of the time for 100,000 cases.
    raw = conn.connection.driver_connection
    if raw is None:
        return None
    try:
        rows = rows_by_id(ids, sql_reader(raw, _json_sql(), COLUMNS, json_of))
    except sqlite3.OperationalError:  # no json_quote (SQLite built without JSON)
        return None
    return [rows[i] for i in ids if i in rows]


@functools.cache
def _json_sql() -> str:
    from casetrack.casejson import statement

    return statement(_summary_sql(ordered=False))
