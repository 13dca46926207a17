"""The bundled seed as version 1 of the schema stored it (revisions 0003 to 0005), to test
migrations on real data: `tests/data/seed_at_0005.json` was written by casetrack at revision
0005 with the seed of that day, one list of rows per table."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Connection, Date, MetaData, Table, text, update

V1_ROWS = Path(__file__).parent / "data" / "seed_at_0005.json"


def v1_rows() -> dict[str, list[dict[str, Any]]]:
    return json.loads(V1_ROWS.read_text(encoding="utf-8"))


def load_v1_rows(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    """Insert the version-1 rows into a database at revision 0003-0005 (ids as they were)."""
    data = v1_rows()
    metadata = MetaData()
    for name, rows in data.items():
        table = Table(name, metadata, autoload_with=conn)
        self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table.name == name]
        later: list[tuple[int, str, Any]] = []
        values = []
        for row in rows:
            row = dict(row)
            for column in table.columns:
                value = row.get(column.name)
                if isinstance(column.type, Date) and isinstance(value, str):
                    row[column.name] = dt.date.fromisoformat(value)
                elif isinstance(column.type, Boolean) and value is not None:
                    row[column.name] = bool(value)
            for column_name in self_refs:  # a parent may come after its child: set it after
                if row[column_name] is not None:
                    later.append((row["id"], column_name, row[column_name]))
                    row[column_name] = None
            values.append(row)
        if values:
            conn.execute(table.insert(), values)
        for row_id, column_name, value in later:
            conn.execute(update(table).where(table.c.id == row_id).values({column_name: value}))
    if conn.dialect.name == "postgresql":
        for name in data:
            conn.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), coalesce(max(id), 1)) FROM {name}")
            )
    return data
