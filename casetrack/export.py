"""The whole database as JSON: every table and row, foreign keys also given as slugs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy import select
from sqlmodel import Session

from casetrack import __version__
from casetrack.caselist import DATE_PARTS
from casetrack.caserows import date_from_parts
from casetrack.jsonable import date_json, timestamp_json
from casetrack.models import TABLES

#: The parts of a date beside its day: ``_precision``, ``_approximate``...
_DATE_PARTS = DATE_PARTS[1:]


def _date_part(key: str, row: dict[str, Any]) -> bool:
    """``date_filed_text`` and its like: a part of a date that the date's own object carries."""
    return any(key.endswith(part) and f"{key[: -len(part)]}_precision" in row for part in _DATE_PARTS)


def _row(row: dict[str, Any], slugs: dict[str, dict[int, str]], fks: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if _date_part(key, row):
            continue
        if f"{key}_precision" in row:  # a date: the same JSON as every other command writes
            out[key] = date_json(date_from_parts(value, *(row[f"{key}{part}"] for part in _DATE_PARTS)))
            continue
        if isinstance(value, dt.datetime):
            value = timestamp_json(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        out[key] = value
        if key in fks and value is not None:
            out[key.removesuffix("_id") + "_slug"] = slugs[fks[key]].get(value)
    if "subject_type" in row and row["subject_type"] in slugs:
        out["subject_slug"] = slugs[row["subject_type"]].get(row["subject_id"])
    return out


def _tables(session: Session) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    """Each table's name and its rows, streamed, in dependency order.

    A table's slugs are read before its rows, so a row can name a row of its own table
    (``exhibit_to_slug``, ``parent_slug``); rows are fetched in batches, not all at once."""
    slugs: dict[str, dict[int, str]] = {}
    for model in TABLES:
        table = model.__table__  # type: ignore[attr-defined]
        conn = session.connection()
        slugs[table.name] = {m["id"]: m["slug"] for m in conn.execute(select(table.c.id, table.c.slug)).mappings()}
        fks = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
        result = conn.execute(select(table).order_by(table.c.id).execution_options(yield_per=1000))
        yield table.name, (_row(dict(r._mapping), slugs, fks) for r in result)


def export_database(*, session: Session) -> dict[str, Any]:
    """Every table's rows, in dependency order, with dates carrying their precision."""
    return {
        "casetrack_version": __version__,
        "tables": {name: list(rows) for name, rows in _tables(session)},
    }


def write_export(out: TextIO, *, session: Session) -> None:
    """Write :func:`export_database` as ``json.dumps(..., ensure_ascii=False, indent=2)`` would,
    byte for byte, one row at a time (the whole database never sits in memory)."""
    encode = json.JSONEncoder(ensure_ascii=False, indent=2).encode
    out.write("{\n")
    out.write(f'  "casetrack_version": {encode(__version__)},\n')
    out.write('  "tables": {')
    first_table = True
    for name, rows in _tables(session):
        out.write(("\n" if first_table else ",\n") + f"    {encode(name)}: [")
        first_table = False
        first_row = True
        for row in rows:
            out.write(("\n      " if first_row else ",\n      ") + encode(row).replace("\n", "\n      "))
            first_row = False
        out.write("]" if first_row else "\n    ]")
    out.write("}\n" if first_table else "\n  }\n")
    out.write("}\n")
