"""Indexes for the chronology across cases

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

``ix_<table>_<date>`` on depositions, rulings, events, status changes and quotes (filings have
had ``ix_filing_date_filed`` since 0001): the chronology's first page reads the earliest
records of each kind from an index instead of sorting every record.

Plain ``CREATE INDEX``: no table is rebuilt, so the full-text triggers of migration 0002 stay.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (table, date column) of the chronology's records that had no index on their date.
DATED = (
    ("deposition", "date_taken"),
    ("ruling", "date_decided"),
    ("event", "date"),
    ("case_status", "as_of"),
    ("quote", "date"),
)


def upgrade() -> None:
    for table, column in DATED:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in reversed(DATED):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
