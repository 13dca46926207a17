"""The case list as it opens, read with the ``sqlite3`` module alone: the TUI's first page,
and ``casetrack cases --json``.

What people start casetrack for is the case list, and SQLAlchemy takes about a quarter of a
second to import: longer than Textual needs to paint the frame, and a tenth of writing the
JSON of 100,000 cases. So the list as it opens (sorted by name, no filter) is read here with
``sqlite3``, with the statements that :func:`casetrack.caselist.first_page_sql` compiles from
the case list's SQLAlchemy Core query, copied below (tests/test_caselist.py checks that they
are still those, and that they give what :func:`casetrack.caselist.case_page` and
:func:`casetrack.caselist.list_cases_json` give). Anything out of the ordinary (not a SQLite
file, a schema not at the head revision, the default database before its first run, any
error) gives None, and the caller reads the list through SQLAlchemy as every later page is
read.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from casetrack.caserows import (
    DATE_COLUMNS,
    SUMMARY_COLUMNS,
    CasePage,
    CaseSummary,
    rows_by_id,
    sql_reader,
    summaries,
)

#: The cases of the first page (casetrack.tui.widgets.FIRST_PAGE).
LIMIT = 60

#: caselist.first_page_sql(None), white space folded: the (id, key, slug) of every case in
#: the list's order, the summaries of the ids put in for ``{ids}``, and how many cases there
#: are. The first page's statements add a limit, and an order (see caselist._summary_select).
ALL_IDS_SQL = (
    "SELECT legal_case.id, lower(legal_case.short_name) AS lower_1, legal_case.slug FROM legal_case LEFT "
    "OUTER JOIN court ON court.id = legal_case.court_id LEFT OUTER JOIN case_status AS case_status_1 ON c"
    "ase_status_1.id = (SELECT case_status_2.id FROM case_status AS case_status_2 WHERE case_status_2.cas"
    "e_id = legal_case.id ORDER BY case_status_2.as_of DESC, case_status_2.id DESC LIMIT 1 OFFSET 0) ORDE"
    "R BY lower(legal_case.short_name) ASC, legal_case.slug"
)
SUMMARY_SQL = (
    "SELECT legal_case.id, legal_case.slug, legal_case.short_name, legal_case.case_name, legal_case.kind,"
    " coalesce(court.short_name, court.name) AS court, case_status_1.status, case_status_1.as_of, case_st"
    "atus_1.as_of_precision, case_status_1.as_of_approximate, case_status_1.as_of_text, case_status_1.as_"
    "of_end, case_status_1.as_of_bound, (SELECT count(*) AS count_1 FROM filing WHERE filing.case_id = le"
    "gal_case.id) + (SELECT count(*) AS count_2 FROM filing_case WHERE filing_case.case_id = legal_case.i"
    "d) AS filings, (SELECT count(*) AS count_3 FROM quote WHERE quote.case_id = legal_case.id) + (SELECT"
    " count(*) AS count_4 FROM quote_case WHERE quote_case.case_id = legal_case.id) AS quotes, filing_1.d"
    "ate_filed AS latest_filing, filing_1.date_filed_precision AS latest_filing_precision, filing_1.date_"
    "filed_approximate AS latest_filing_approximate, ruling_1.date_decided AS latest_ruling, ruling_1.dat"
    "e_decided_precision AS latest_ruling_precision, ruling_1.date_decided_approximate AS latest_ruling_a"
    "pproximate, deposition_1.date_taken AS latest_deposition, deposition_1.date_taken_precision AS lates"
    "t_deposition_precision, deposition_1.date_taken_approximate AS latest_deposition_approximate, event_"
    "1.date AS latest_event, event_1.date_precision AS latest_event_precision, event_1.date_approximate A"
    "S latest_event_approximate, filing_2.date_filed AS latest_shared_filing, filing_2.date_filed_precisi"
    "on AS latest_shared_filing_precision, filing_2.date_filed_approximate AS latest_shared_filing_approx"
    "imate, ruling_2.date_decided AS latest_shared_ruling, ruling_2.date_decided_precision AS latest_shar"
    "ed_ruling_precision, ruling_2.date_decided_approximate AS latest_shared_ruling_approximate, event_2."
    "date AS latest_shared_event, event_2.date_precision AS latest_shared_event_precision, event_2.date_a"
    "pproximate AS latest_shared_event_approximate FROM legal_case LEFT OUTER JOIN court ON court.id = le"
    "gal_case.court_id LEFT OUTER JOIN case_status AS case_status_1 ON case_status_1.id = (SELECT case_st"
    "atus_2.id FROM case_status AS case_status_2 WHERE case_status_2.case_id = legal_case.id ORDER BY cas"
    "e_status_2.as_of DESC, case_status_2.id DESC LIMIT 1 OFFSET 0) LEFT OUTER JOIN filing AS filing_1 ON"
    " filing_1.id = (SELECT min(filing_3.id) AS min_1 FROM filing AS filing_3 WHERE filing_3.case_id = le"
    "gal_case.id AND filing_3.date_filed = (SELECT max(filing_4.date_filed) AS max_1 FROM filing AS filin"
    "g_4 WHERE filing_4.case_id = legal_case.id)) LEFT OUTER JOIN ruling AS ruling_1 ON ruling_1.id = (SE"
    "LECT min(ruling_3.id) AS min_2 FROM ruling AS ruling_3 WHERE ruling_3.case_id = legal_case.id AND ru"
    "ling_3.date_decided = (SELECT max(ruling_4.date_decided) AS max_2 FROM ruling AS ruling_4 WHERE ruli"
    "ng_4.case_id = legal_case.id)) LEFT OUTER JOIN deposition AS deposition_1 ON deposition_1.id = (SELE"
    "CT min(deposition_2.id) AS min_3 FROM deposition AS deposition_2 WHERE deposition_2.case_id = legal_"
    "case.id AND deposition_2.date_taken = (SELECT max(deposition_3.date_taken) AS max_3 FROM deposition "
    "AS deposition_3 WHERE deposition_3.case_id = legal_case.id)) LEFT OUTER JOIN event AS event_1 ON eve"
    "nt_1.id = (SELECT min(event_3.id) AS min_4 FROM event AS event_3 WHERE event_3.case_id = legal_case."
    "id AND event_3.date = (SELECT max(event_4.date) AS max_4 FROM event AS event_4 WHERE event_4.case_id"
    " = legal_case.id)) LEFT OUTER JOIN filing AS filing_2 ON filing_2.id = (SELECT filing_5.id FROM fili"
    "ng AS filing_5 JOIN filing_case AS filing_case_1 ON filing_case_1.filing_id = filing_5.id WHERE fili"
    "ng_case_1.case_id = legal_case.id AND filing_5.date_filed IS NOT NULL ORDER BY filing_5.date_filed D"
    "ESC, filing_5.id LIMIT 1 OFFSET 0) LEFT OUTER JOIN ruling AS ruling_2 ON ruling_2.id = (SELECT rulin"
    "g_5.id FROM ruling AS ruling_5 JOIN ruling_case AS ruling_case_1 ON ruling_case_1.ruling_id = ruling"
    "_5.id WHERE ruling_case_1.case_id = legal_case.id AND ruling_5.date_decided IS NOT NULL ORDER BY rul"
    "ing_5.date_decided DESC, ruling_5.id LIMIT 1 OFFSET 0) LEFT OUTER JOIN event AS event_2 ON event_2.i"
    "d = (SELECT event_5.id FROM event AS event_5 JOIN event_case AS event_case_1 ON event_case_1.event_i"
    "d = event_5.id WHERE event_case_1.case_id = legal_case.id AND event_5.date IS NOT NULL ORDER BY even"
    "t_5.date DESC, event_5.id LIMIT 1 OFFSET 0) WHERE legal_case.id IN ({ids})"
)
IDS_SQL = f"{ALL_IDS_SQL} LIMIT {LIMIT} OFFSET 0"
ORDERED_SUMMARY_SQL = f"{SUMMARY_SQL} ORDER BY legal_case.id + 0"
COUNT_SQL = "SELECT count(*) AS count_1 FROM legal_case"


@contextmanager
def _connected(path: Path, *, default: bool) -> Iterator[sqlite3.Connection | None]:
    """A connection to the SQLite file ``path`` in one read transaction (one snapshot of the
    file however many statements are read), or None when the list cannot be read this way
    (see the module's text). ``default``: the file is the default database, which its first
    run makes (an unusable one is made again, through SQLAlchemy)."""
    from casetrack import db

    if default:
        from casetrack.bootstrap import usable

        if not usable(path):
            yield None
            return
    if not path.is_file():
        yield None
        return
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    mode = "mode=rw" if writable else db.read_only_mode(path)
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?{mode}", uri=True, timeout=db.BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute("BEGIN")
        version = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        yield conn if [row[0] for row in version] == [db.head_revision()] else None
    finally:
        conn.close()


def read(path: Path, *, default: bool = False) -> tuple[CasePage, int] | None:
    """The first page of the case list in the SQLite file ``path`` and how many cases there
    are, or None when they cannot be read this way (see the module's text)."""
    from casetrack.errors import CasetrackError

    try:
        with _connected(path, default=default) as conn:
            if conn is None:
                return None
            page = conn.execute(IDS_SQL).fetchall()
            ids = [row[0] for row in page]
            # A copy out of step with the labels summaries() reads raises: then None.
            rows = rows_by_id(ids, sql_reader(conn, ORDERED_SUMMARY_SQL, SUMMARY_COLUMNS, _dated))
            total = int(conn.execute(COUNT_SQL).fetchone()[0])
    except (sqlite3.Error, OSError, CasetrackError):
        return None
    end = (page[-1][1], page[-1][2]) if page else None
    return CasePage(summaries(ids, rows), end, len(page) == LIMIT), total


def all_cases(path: Path, *, default: bool = False) -> list[CaseSummary] | None:
    """Every case in the SQLite file ``path``, in the list's order, as
    :func:`casetrack.caselist.list_cases` gives them; or None when they cannot be read this
    way (see the module's text)."""
    found = _every_case(path, default, SUMMARY_SQL, SUMMARY_COLUMNS, _dated)
    return None if found is None else summaries(*found)


def all_json(path: Path, *, default: bool = False) -> list[str] | None:
    """The JSON text of every case in the SQLite file ``path``, in the list's order, as
    :func:`casetrack.caselist.list_cases_json` gives it; or None when it cannot be read this
    way (see the module's text), or SQLite has no JSON functions or MATERIALIZED (3.35)."""
    from casetrack.casejson import COLUMNS, json_of, statement

    if sqlite3.sqlite_version_info < (3, 35):
        return None
    found = _every_case(path, default, statement(SUMMARY_SQL), COLUMNS, json_of)
    if found is None:
        return None
    ids, rows = found
    return [rows[i] for i in ids if i in rows]


def _every_case(
    path: Path,
    default: bool,
    sql: str,
    columns: tuple[str, ...],
    value: Callable[[tuple[str, ...], tuple[Any, ...]], Any],
) -> tuple[list[int], dict[int, Any]] | None:
    """The ids of every case in the list's order, and ``value`` of each row (by id) that
    ``sql`` gives for them (read ID_CHUNK ids at a time, in one read transaction); None when
    they cannot be read this way, or ``sql``'s columns are not ``columns`` (a copy out of step)."""
    from casetrack.errors import CasetrackError

    try:
        with _connected(path, default=default) as connected:
            if connected is None:
                return None
            ids = [row[0] for row in connected.execute(ALL_IDS_SQL)]
            return ids, rows_by_id(ids, sql_reader(connected, sql, columns, value))
    except (sqlite3.Error, OSError, CasetrackError):
        return None


def _dated(names: tuple[str, ...], row: tuple[Any, ...]) -> dict[str, Any]:
    """A summary row by column name, with its dates as dates (SQLite keeps them as ISO text),
    as SQLAlchemy's Date type gives them."""
    out = dict(zip(names, row, strict=True))
    for name in DATE_COLUMNS:
        if out[name] is not None:
            out[name] = dt.date.fromisoformat(out[name])
    return out
