"""Indexes for the case list's default sort and for case timelines on a large database

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

- ``ix_legal_case_name_sort`` on ``(lower(short_name), slug)``: the case list's default order,
  so its first page is an index walk rather than a sort of every case.
- ``ix_<table>_case_id_<date>`` on filings, depositions, rulings and events: a case's records
  in date order (a timeline page reads only the rows it shows) and a case's latest date (its
  latest activity) in one index step.

Plain ``CREATE INDEX``: no table is rebuilt, so the full-text triggers of migration 0002 stay.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (table, date column) of the timeline records.
DATED = (("filing", "date_filed"), ("deposition", "date_taken"), ("ruling", "date_decided"), ("event", "date"))


def upgrade() -> None:
    op.create_index("ix_legal_case_name_sort", "legal_case", [sa.text("lower(short_name)"), "slug"])
    for table, column in DATED:
        op.create_index(f"ix_{table}_case_id_{column}", table, ["case_id", column])


def downgrade() -> None:
    for table, column in reversed(DATED):
        op.drop_index(f"ix_{table}_case_id_{column}", table_name=table)
    op.drop_index("ix_legal_case_name_sort", table_name="legal_case")
