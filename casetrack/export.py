"""The whole database as JSON: every table and row, foreign keys also given as slugs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from casetrack import __version__
from casetrack.dates import PartialDate
from casetrack.models import TABLES
from casetrack.vocab import Precision

_DATE_PARTS = ("_precision", "_approximate", "_text", "_end", "_bound")


def _date_part(key: str, row: dict[str, Any]) -> bool:
    """``date_filed_text`` and its like: a part of a date that the date's own object carries."""
    return any(key.endswith(part) and f"{key[: -len(part)]}_precision" in row for part in _DATE_PARTS)


def _row(row: dict[str, Any], slugs: dict[str, dict[int, str]], fks: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if _date_part(key, row):
            continue
        if f"{key}_precision" in row:  # a date: the same JSON as every other command writes
            out[key] = None
            if value is not None:
                date = PartialDate(
                    value, Precision(row[f"{key}_precision"] or "day"), bool(row[f"{key}_approximate"]),
                    row[f"{key}_text"], row[f"{key}_end"], row[f"{key}_bound"],
                )  # fmt: skip
                out[key] = date.to_json()
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        out[key] = value
        if key in fks and value is not None:
            out[key.removesuffix("_id") + "_slug"] = slugs[fks[key]].get(value)
    if "subject_type" in row and row["subject_type"] in slugs:
        out["subject_slug"] = slugs[row["subject_type"]].get(row["subject_id"])
    return out


def export_database(*, session: Session) -> dict[str, Any]:
    """Every table's rows, in dependency order, with dates carrying their precision."""
    slugs: dict[str, dict[int, str]] = {}
    data: dict[str, Any] = {"casetrack_version": __version__, "tables": {}}
    for model in TABLES:
        table = model.__table__  # type: ignore[attr-defined]
        rows = [dict(r._mapping) for r in session.exec(select(table).order_by(table.c.id)).all()]  # type: ignore[call-overload]
        slugs[table.name] = {r["id"]: r["slug"] for r in rows}
        fks = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
        data["tables"][table.name] = [_row(r, slugs, fks) for r in rows]
    return data
