"""The case list's JSON built by SQLite, for ``casetrack cases --json`` on a SQLite file.

Turning 100,000 summary rows into read models and then into JSON took Python longer than
SQLite took to read them (issue 16). Here the case list's summary statement
(:func:`casetrack.caselist._summary_select`, compiled for SQLite) is wrapped in one that
gives each case's JSON text, written as :func:`casetrack.jsonable.to_jsonable` and the CLI's
JSON encoder write a :class:`~casetrack.caserows.CaseSummary` (the same keys in the same
order, the same separators, ``json_quote`` escaping strings as the json module does) and
each date as :meth:`casetrack.dates.PartialDate.to_json` does, its display string as
:func:`casetrack.dates.format_date` makes it. tests/test_caselist.py checks the two give the
same output, on the seed and on dates of every kind. Imports nothing.
"""

from __future__ import annotations

from casetrack.caserows import ACTIVITY_LABELS, SUMMARY_COLUMNS

_MONTHS = "'JanFebMarAprMayJunJulAugSepOctNovDec'"


def _year(v: str) -> str:
    return f"CAST(substr({v}, 1, 4) AS INTEGER)"


def _month(v: str) -> str:
    return f"substr({_MONTHS}, substr({v}, 6, 2) * 3 - 2, 3)"


def _day(v: str) -> str:
    return f"CAST(substr({v}, 9, 2) AS INTEGER)"


def _one(v: str, p: str) -> str:
    """dates._format_one: '25 Aug 2021', 'Aug 2021', '2021'."""
    return (
        f"CASE {p} WHEN 'year' THEN {_year(v)} WHEN 'month' THEN printf('%s %d', {_month(v)}, {_year(v)}) "
        f"ELSE printf('%d %s %d', {_day(v)}, {_month(v)}, {_year(v)}) END"
    )


def _range(v: str, p: str, e: str) -> str:
    """dates._format_range without its 'c. ': '2020–2021', 'Nov – Dec 2020', '25 Nov – 2 Dec 2020'."""
    last = _one(e, "'day'")
    first_year = f"CASE WHEN {_year(v)} <> {_year(e)} THEN ' ' || {_year(v)} ELSE '' END"
    return (
        f"CASE {p} WHEN 'year' THEN printf('%d–%d', {_year(v)}, {_year(e)}) "
        f"WHEN 'month' THEN printf('%s%s – %s %d', {_month(v)}, {first_year}, {_month(e)}, {_year(e)}) "
        f"ELSE printf('%d %s%s – %s', {_day(v)}, {_month(v)}, {first_year}, {last}) END"
    )


def _display(v: str, p: str, a: str, e: str, b: str) -> str:
    """dates.format_date of a date that is not NULL."""
    approx = f"CASE WHEN {a} THEN 'c. ' ELSE '' END"
    return (
        f"CASE WHEN {e} IS NOT NULL AND {e} <> {v} THEN {approx} || {_range(v, p, e)} "
        f"WHEN {b} <> '' THEN printf('%s %s%s', {b}, {approx}, {_one(v, p)}) "
        f"ELSE {approx} || {_one(v, p)} END"
    )


def date_json(v: str, p: str, a: str, t: str = "NULL", e: str = "NULL", b: str = "NULL") -> str:
    """SQL for the JSON text of the date in the columns (or expressions) ``v`` (ISO text, as
    SQLite holds a date), precision, approximate, text, end and bound: PartialDate.to_json(),
    or 'null' when ``v`` is NULL. A precision that is NULL or '' is a day, as caserows reads it.

    A date that is neither a range nor a bound (nearly all) is one ``printf`` for its
    precision: each function call costs, and there are two dates in each of 100,000 rows."""
    head = '{"date": "%s", "precision": "%s", "approximate": %s, "text": %s, "end": %s, "bound": %s, "display": '
    flag = f"CASE WHEN {a} THEN 'true' ELSE 'false' END"
    prefix = f"CASE WHEN {a} THEN 'c. ' ELSE '' END"
    rest = f"json_quote({t}), json_quote({e}), json_quote({b})"
    # printf's %d of an ISO date is its year, without the zeros in front (as Python's f"{year}").
    plain = {
        "year": f"printf('{head}\"%s%d\"}}', substr({v}, 1, 4), 'year', {flag}, {rest}, {prefix}, {v})",
        "month": f"printf('{head}\"%s%s %d\"}}', substr({v}, 1, 7), 'month', {flag}, {rest}, {prefix}, "
        f"{_month(v)}, {v})",
        "day": f"printf('{head}\"%s%d %s %d\"}}', {v}, 'day', {flag}, {rest}, {prefix}, substr({v}, 9), "
        f"{_month(v)}, {v})",
    }
    is_plain = f"({e} IS NULL OR {e} = {v}) AND coalesce({b}, '') = ''"
    p = f"coalesce(nullif({p}, ''), 'day')"
    iso = f"CASE {p} WHEN 'year' THEN substr({v}, 1, 4) WHEN 'month' THEN substr({v}, 1, 7) ELSE {v} END"
    general = f"printf('{head}%s}}', {iso}, {p}, {flag}, {rest}, json_quote({_display(v, p, a, e, b)}))"
    return (
        f"CASE WHEN {v} IS NULL THEN 'null' "
        f"WHEN {is_plain} THEN CASE {p} WHEN 'year' THEN {plain['year']} WHEN 'month' THEN {plain['month']} "
        f"ELSE {plain['day']} END "
        f"ELSE {general} END"
    )


#: The latest of the latest dates ('' stands below every date, as in caselist._activity_key)...
_LATEST = "nullif(max(" + ", ".join(f"coalesce({label}, '')" for label in ACTIVITY_LABELS) + "), '')"


def _of_latest(x: str) -> str:
    """...and its precision or approximate flag: the first kind whose date it is (caserows.summaries)."""
    return "CASE " + " ".join(f"WHEN {label} = latest THEN {label}{x}" for label in ACTIVITY_LABELS) + " END"


_CASE = (
    '{"slug": %s, "short_name": %s, "case_name": %s, "kind": %s, "court": %s, "status": %s, '
    '"status_as_of": %s, "latest_activity": %s, "filings": %d, "quotes": %d}'
)


#: The columns of :func:`statement`.
COLUMNS = ("id", "json")


def json_of(_names: tuple[str, ...], row: tuple[object, ...]) -> object:
    """A row of :func:`statement`'s case JSON text (a ``value`` for caserows.sql_reader)."""
    return row[1]


def statement(summary_sql: str) -> str:
    """The ``id`` and ``json`` (its JSON text) of each case of ``summary_sql``, the case list's summary statement
    compiled for SQLite. The latest date is worked out once per case (MATERIALIZED): an
    expression that a column stands for is otherwise repeated wherever the column is used."""
    strings = ", ".join(f"json_quote({c})" for c in ("slug", "short_name", "case_name", "kind", "court", "status"))
    as_of = date_json("as_of", "as_of_precision", "as_of_approximate", "as_of_text", "as_of_end", "as_of_bound")
    return (
        f"WITH s({', '.join(SUMMARY_COLUMNS)}) AS ({summary_sql}), "
        f"l AS MATERIALIZED (SELECT *, {_LATEST} AS latest FROM s) "
        f"SELECT id, printf('{_CASE}', {strings}, {as_of}, {date_json('latest', 'lp', 'la')}, filings, quotes) AS json "
        f"FROM (SELECT *, {_of_latest('_precision')} AS lp, {_of_latest('_approximate')} AS la FROM l)"
    )
