"""Indexes on the ends of date ranges, for the chronology's date windows

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

``ix_<table>_<date>_end`` on the records the chronology lists, over the rows whose date is a
range (partial: ``WHERE <date>_end IS NOT NULL``; few rows have one). A window ("Sep 2021")
then reads its dated entries from two index ranges: single dates from the year before the
window's start on (``ix_<table>_<date>``), and ranges that end on or after its start (this
one), instead of reading every record dated before the window's end.

Plain ``CREATE INDEX``: no table is rebuilt, so the full-text triggers of migration 0002 stay.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (table, date column) of the chronology's records (a migration keeps its own copy).
DATED = (
    ("filing", "date_filed"),
    ("deposition", "date_taken"),
    ("ruling", "date_decided"),
    ("event", "date"),
    ("case_status", "as_of"),
    ("quote", "date"),
)


def upgrade() -> None:
    for table, column in DATED:
        where = sa.text(f"{column}_end IS NOT NULL")
        op.create_index(
            f"ix_{table}_{column}_end", table, [f"{column}_end"], sqlite_where=where, postgresql_where=where
        )


def downgrade() -> None:
    for table, column in reversed(DATED):
        op.drop_index(f"ix_{table}_{column}_end", table_name=table)
