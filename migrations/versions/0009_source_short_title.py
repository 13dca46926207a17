"""A short title for each source, and an index for a record's own history

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

- ``source.short_title`` (nullable): how a citation names its source, with its date, so that two
  articles of one publisher are told apart ("NYT: Trump campaign memo, 21 Sep 2021, ¶34").
  Where it is NULL, readers use ``title``. The next ``seed load`` fills it from the seed.
- ``ix_history_change_record`` on ``history_change (table_name, record_slug)``: a record's own
  history (an entry's detail screen) is read from an index, not by scanning every change.

The downgrade drops both; the short titles come back with the next seed load after an upgrade.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("source", sa.Column("short_title", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.create_index("ix_history_change_record", "history_change", ["table_name", "record_slug"])


def downgrade() -> None:
    op.drop_index("ix_history_change_record", table_name="history_change")
    # A plain ALTER TABLE on both backends (SQLite 3.35+): a batch rebuild of ``source`` would
    # have to drop and re-create the views that read it.
    op.execute("ALTER TABLE source DROP COLUMN short_title")
