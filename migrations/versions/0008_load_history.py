"""Load history: every seed load and bulk import, and each record it added, changed or deleted

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

- ``history_load``: one row per committed ``seed load`` or bulk import: when (UTC), how
  (``kind``: seed or bulk), the seed folder, its git commit and whether the folder had
  uncommitted changes (where it is in a git repository), and the counts.
- ``history_change``: one row per record added or deleted, and per field of a record that
  changed (old and new value as text; a reference as the slug it points to), with the slug of
  the case the record belongs to.

Existing databases start with an empty history. The downgrade drops both tables (and so
the history).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STR = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "history_load",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("kind", STR(), nullable=False),
        sa.Column("seed_dir", STR(), nullable=True),
        sa.Column("git_commit", STR(), nullable=True),
        sa.Column("git_dirty", sa.Boolean(), nullable=True),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('seed', 'bulk')", name=op.f("ck_history_load_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_load")),
    )
    op.create_table(
        "history_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("load_id", sa.Integer(), nullable=False),
        sa.Column("table_name", STR(), nullable=False),
        sa.Column("record_slug", STR(), nullable=False),
        sa.Column("op", STR(), nullable=False),
        sa.Column("field", STR(), nullable=True),
        sa.Column("old_value", STR(), nullable=True),
        sa.Column("new_value", STR(), nullable=True),
        sa.Column("case_slug", STR(), nullable=True),
        sa.CheckConstraint("op IN ('added', 'changed', 'deleted')", name=op.f("ck_history_change_op")),
        sa.ForeignKeyConstraint(
            ["load_id"], ["history_load.id"], name=op.f("fk_history_change_load_id_history_load"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_change")),
    )
    op.create_index(op.f("ix_history_change_load_id"), "history_change", ["load_id"], unique=False)


def downgrade() -> None:
    op.drop_table("history_change")  # before its index (docs: pitfalls, SQLite foreign keys)
    op.drop_table("history_load")
