"""``casetrack cases`` without the argument parser.

Scripts and people run ``casetrack cases`` to see the list, and on the bundled seed Typer
and Click (importing them, and building the command of about thirty subcommands) took about
as long as reading the list. So :func:`parse` reads the command line of ``cases`` here when
it is plainly one: ``[--db PATH] cases`` with its own options, each given once. Anything
else (``--help``, an option it does not know, a value that is not a kind, status or sort, a
value that starts with ``-``, an option given twice) gives None, and :mod:`casetrack.cli`
parses the command line as it always has, with its help and its errors. Both run
:func:`write_cases`, so the output is the same; tests/test_quickcli.py checks it against
Typer's, and checks this module's options against the ``cases`` command's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from enum import Enum

    from sqlalchemy import Connection

    from casetrack.caserows import CaseSummary

#: ``cases --sort`` takes a column's header (and, as before, the service's own names).
SORT_HEADERS = ("case", "kind", "court", "status", "as-of", "latest", "filings", "quotes")
SORT_NAMES = {
    "case": "name", "name": "name", "kind": "kind", "court": "court", "status": "status", "as_of": "as_of",
    "latest": "activity", "activity": "activity", "filings": "filings", "quotes": "quotes",
}  # fmt: skip

#: The options of ``cases`` that take a value, and its flags, by the parameter they set.
VALUE_OPTIONS = {"--kind": "kind", "--status": "status", "--name": "name", "--sort": "sort"}
FLAGS = {"--reverse": "reverse", "-r": "reverse", "--json": "as_json", "--csv": "as_csv"}

#: The table's columns.
HEADERS = ("slug", "case", "kind", "court", "status", "as of", "latest", "filings", "quotes")


class BadValue(ValueError):
    """A value an option does not take; :mod:`casetrack.cli` says it as a usage error."""


def choice(value: str | None, enum: type[Enum], what: str) -> str | None:
    """``value`` as one of ``enum``'s values ('Election challenge' is election_challenge)."""
    if value is None:
        return None
    normalised = value.strip().lower().replace(" ", "_").replace("-", "_")
    allowed = [e.value for e in enum]
    if normalised not in allowed:
        raise BadValue(f"unknown {what} {value!r}; choose from {', '.join(allowed)}")
    return normalised


def cases_query(
    *, kind: str | None, status: str | None, name: str | None, sort: str, reverse: bool, as_json: bool, as_csv: bool
) -> dict[str, Any]:
    """The case list's query (:func:`casetrack.caselist.list_cases`'s keywords) for the
    options of ``cases``; raises :class:`BadValue` for a value it does not take."""
    from casetrack.vocab import CaseKind, Status

    if as_json and as_csv:
        raise BadValue("choose one of --json and --csv")
    kind_value = choice(kind, CaseKind, "kind")
    status_value = choice(status, Status, "status")
    key = SORT_NAMES.get(sort.strip().lower().replace("-", "_").replace(" ", "_"))
    if key is None:
        raise BadValue(f"unknown sort {sort!r}; choose from {', '.join(SORT_HEADERS)}")
    return {"kind": kind_value, "status": status_value, "text": name, "sort": key, "descending": reverse}


def write_cases(conn: Connection, query: dict[str, Any], *, as_json: bool, as_csv: bool) -> None:
    """Write the cases of ``query`` (see :func:`cases_query`) as JSON, CSV or a table."""
    from casetrack import caselist
    from casetrack.output import echo_json_lines

    # On SQLite, SQLite writes each case's JSON (a 100,000-case list in half the time).
    records = caselist.list_cases_json(conn, **query) if as_json else None
    if records is not None:
        echo_json_lines(records)
        return
    write_case_list(caselist.list_cases(conn, **query), as_json=as_json, as_csv=as_csv)


def write_case_list(cases: Sequence[CaseSummary], *, as_json: bool, as_csv: bool) -> None:
    """Write ``cases`` as JSON, CSV or a table."""
    from casetrack.output import date_text, emit
    from casetrack.vocab import label

    emit(
        cases,
        HEADERS,
        lambda c: [
            c.slug,
            c.short_name,
            label(c.kind),
            c.court,
            label(c.status),
            date_text(c.status_as_of),
            date_text(c.latest_activity),
            c.filings,
            c.quotes,
        ],
        as_json=as_json,
        as_csv=as_csv,
        empty="no cases match",
    )


#: The case list as it opens: by name, no filter (:func:`cases_query` of no options).
AS_IT_OPENS = {"kind": None, "status": None, "text": None, "sort": "name", "descending": False}


def run_cases(db: str | None, query: dict[str, Any], *, as_json: bool, as_csv: bool) -> None:
    """``casetrack [--db db] cases``, its options read into ``query``. The whole list as it
    opens, from a SQLite file, is read without SQLAlchemy (casetrack.firstpage)."""
    from casetrack.db import resolve_target

    target = resolve_target(db)
    path = target.sqlite_path
    if query == AS_IT_OPENS and path is not None:
        from casetrack import firstpage

        if as_json:
            from casetrack.output import echo_json_lines

            records = firstpage.all_json(path, default=target.is_default)
            if records is not None:
                echo_json_lines(records)
                return
        else:
            cases = firstpage.all_cases(path, default=target.is_default)
            if cases is not None:
                write_case_list(cases, as_json=False, as_csv=as_csv)
                return
    from casetrack.bootstrap import open_for_reading

    engine = open_for_reading(target)
    try:
        with engine.connect() as conn:
            write_cases(conn, query, as_json=as_json, as_csv=as_csv)
    finally:
        engine.dispose()


def parse(args: Sequence[str]) -> Callable[[], None] | None:
    """What ``casetrack ARGS`` runs when it is plainly ``[--db PATH] cases [OPTIONS]`` (see the
    module's text), or None: then :mod:`casetrack.cli` reads it."""
    rest = list(args)
    db: str | None = None
    if rest[:1] == ["--db"] and len(rest) > 1:
        db, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--db="):
        db, rest = rest[0].removeprefix("--db="), rest[1:]
    if (db is not None and (db == "" or db.startswith("-"))) or rest[:1] != ["cases"]:
        return None
    values: dict[str, Any] = {"kind": None, "status": None, "name": None, "sort": "case"}
    flags: dict[str, Any] = dict.fromkeys(FLAGS.values(), False)
    seen: set[str] = set()
    words = iter(rest[1:])
    for word in words:
        option, has_value, value = word.partition("=")
        if option in FLAGS and not has_value:
            param = FLAGS[option]
            if param in seen:
                return None
            flags[param] = True
        elif option in VALUE_OPTIONS:
            param = VALUE_OPTIONS[option]
            if not has_value:
                value = next(words, "-")  # a missing value: Click says so
            if param in seen or value.startswith("-"):
                return None
            values[param] = value
        else:
            return None
        seen.add(param)
    try:
        query = cases_query(**values, **flags)
    except BadValue:
        return None

    def run() -> None:
        run_cases(db, query, as_json=flags["as_json"], as_csv=flags["as_csv"])

    return run
