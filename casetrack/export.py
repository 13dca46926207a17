"""The whole database as JSON: every table and row, foreign keys also given as slugs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from casetrack import __version__
from casetrack.dates import iso_at_precision
from casetrack.models import TABLES


def _row(row: dict[str, Any], slugs: dict[str, dict[int, str]], fks: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key.endswith("_precision") and key[: -len("_precision")] in row:
            continue
        if isinstance(value, dt.date) and f"{key}_precision" in row:
            precision = row[f"{key}_precision"] or "day"
            out[key] = {"date": iso_at_precision(value, precision), "precision": precision,
                        "approximate": bool(row.get(f"{key}_approximate")), "text": row.get(f"{key}_text")}  # fmt: skip
            continue
        if key.endswith("_approximate") or (key.endswith("_text") and f"{key[:-5]}_precision" in row):
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
