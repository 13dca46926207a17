"""The TUI's first page of cases, read with the ``sqlite3`` module alone.

What people start casetrack for is the case list, and SQLAlchemy takes about a quarter of a
second to import: longer than Textual needs to paint the frame. So the first page as the list
opens (sorted by name, no filter) is read here with ``sqlite3``, with the statements that
:func:`casetrack.caselist.first_page_sql` compiles from the case list's SQLAlchemy Core query,
copied below (tests/test_caselist.py checks that they are still those, and that they give what
:func:`casetrack.caselist.case_page` gives). Anything out of the ordinary (not a SQLite file,
a schema not at the head revision, the default database before its first run, any error)
gives None, and the caller reads the page through SQLAlchemy as every later page is read.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

from casetrack.caserows import DATE_COLUMNS, SUMMARY_COLUMNS, CasePage, summaries

#: The cases of the first page (casetrack.tui.widgets.FIRST_PAGE).
LIMIT = 60

#: caselist.first_page_sql(LIMIT), white space folded: the page's (id, key, slug), their
#: summaries, and how many cases there are.
IDS_SQL = (
    "SELECT legal_case.id, lower(legal_case.short_name) AS lower_1, legal_case.slug FROM legal_case LEFT "
    "OUTER JOIN court ON court.id = legal_case.court_id LEFT OUTER JOIN case_status AS case_status_1 ON "
    "case_status_1.id = (SELECT case_status_2.id FROM case_status AS case_status_2 WHERE "
    "case_status_2.case_id = legal_case.id ORDER BY case_status_2.as_of DESC, case_status_2.id DESC LIMIT"
    " 1 OFFSET 0) ORDER BY lower(legal_case.short_name) ASC, legal_case.slug LIMIT 60 OFFSET 0"
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
    " filing_1.id = (SELECT filing_3.id FROM filing AS filing_3 WHERE filing_3.case_id = legal_case.id AN"
    "D filing_3.date_filed IS NOT NULL ORDER BY filing_3.date_filed DESC, filing_3.id LIMIT 1 OFFSET 0) L"
    "EFT OUTER JOIN ruling AS ruling_1 ON ruling_1.id = (SELECT ruling_3.id FROM ruling AS ruling_3 WHERE"
    " ruling_3.case_id = legal_case.id AND ruling_3.date_decided IS NOT NULL ORDER BY ruling_3.date_decid"
    "ed DESC, ruling_3.id LIMIT 1 OFFSET 0) LEFT OUTER JOIN deposition AS deposition_1 ON deposition_1.id"
    " = (SELECT deposition_2.id FROM deposition AS deposition_2 WHERE deposition_2.case_id = legal_case.i"
    "d AND deposition_2.date_taken IS NOT NULL ORDER BY deposition_2.date_taken DESC, deposition_2.id LIM"
    "IT 1 OFFSET 0) LEFT OUTER JOIN event AS event_1 ON event_1.id = (SELECT event_3.id FROM event AS eve"
    "nt_3 WHERE event_3.case_id = legal_case.id AND event_3.date IS NOT NULL ORDER BY event_3.date DESC, "
    "event_3.id LIMIT 1 OFFSET 0) LEFT OUTER JOIN filing AS filing_2 ON filing_2.id = (SELECT filing_4.id"
    " FROM filing AS filing_4 JOIN filing_case AS filing_case_1 ON filing_case_1.filing_id = filing_4.id "
    "WHERE filing_case_1.case_id = legal_case.id AND filing_4.date_filed IS NOT NULL ORDER BY filing_4.da"
    "te_filed DESC, filing_4.id LIMIT 1 OFFSET 0) LEFT OUTER JOIN ruling AS ruling_2 ON ruling_2.id = (SE"
    "LECT ruling_4.id FROM ruling AS ruling_4 JOIN ruling_case AS ruling_case_1 ON ruling_case_1.ruling_i"
    "d = ruling_4.id WHERE ruling_case_1.case_id = legal_case.id AND ruling_4.date_decided IS NOT NULL OR"
    "DER BY ruling_4.date_decided DESC, ruling_4.id LIMIT 1 OFFSET 0) LEFT OUTER JOIN event AS event_2 ON"
    " event_2.id = (SELECT event_4.id FROM event AS event_4 JOIN event_case AS event_case_1 ON event_case"
    "_1.event_id = event_4.id WHERE event_case_1.case_id = legal_case.id AND event_4.date IS NOT NULL ORD"
    "ER BY event_4.date DESC, event_4.id LIMIT 1 OFFSET 0) WHERE legal_case.id IN ({ids}) ORDER BY legal_"
    "case.id + 0"
)
COUNT_SQL = "SELECT count(*) AS count_1 FROM legal_case"


def read(path: Path, *, default: bool = False) -> tuple[CasePage, int] | None:
    """The first page of the case list in the SQLite file ``path`` and how many cases there
    are, or None when they cannot be read this way (see the module's text). ``default``: the
    file is the default database, which its first run makes (an unusable one is made again,
    through SQLAlchemy)."""
    from casetrack import db

    try:
        if default:
            from casetrack.bootstrap import usable

            if not usable(path):
                return None
        if not path.is_file():
            return None
        writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
        mode = "mode=rw" if writable else db.read_only_mode(path)
        conn = sqlite3.connect(f"{path.as_uri()}?{mode}", uri=True, timeout=db.BUSY_TIMEOUT_MS / 1000)
        try:
            version = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            if [row[0] for row in version] != [db.head_revision()]:
                return None
            page = conn.execute(IDS_SQL).fetchall()
            ids = [row[0] for row in page]
            marks = ", ".join("?" * len(ids))
            cursor = conn.execute(SUMMARY_SQL.replace("{ids}", marks), ids)
            names = tuple(d[0] for d in cursor.description)
            if names != SUMMARY_COLUMNS:  # a copy out of step with the labels summaries() reads
                return None
            rows = {row[0]: _dated(names, row) for row in cursor}
            total = int(conn.execute(COUNT_SQL).fetchone()[0])
        finally:
            conn.close()
    except (sqlite3.Error, OSError, db.CasetrackError):
        return None
    end = (page[-1][1], page[-1][2]) if page else None
    return CasePage(summaries(ids, rows), end, len(page) == LIMIT), total


def _dated(names: tuple[str, ...], row: tuple[Any, ...]) -> dict[str, Any]:
    """A summary row by column name, with its dates as dates (SQLite keeps them as ISO text),
    as SQLAlchemy's Date type gives them."""
    out = dict(zip(names, row, strict=True))
    for name in DATE_COLUMNS:
        if out[name] is not None:
            out[name] = dt.date.fromisoformat(out[name])
    return out
