"""filing.date_written: when a document was written, for evidence filed later

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Written by hand rather than in batch mode: a batch "move and copy" of ``filing`` on SQLite
would drop the full-text triggers that migration 0002 put on it. ``ADD COLUMN`` (with its
named CHECK constraint) and ``DROP COLUMN`` work in place on SQLite 3.35+ and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PRECISION_CHECK = "date_written_precision IN ('day', 'month', 'year')"


def upgrade() -> None:
    op.add_column("filing", sa.Column("date_written", sa.Date(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE filing ADD COLUMN date_written_precision VARCHAR "
            f"CONSTRAINT ck_filing_date_written_precision CHECK ({PRECISION_CHECK})"
        )
    else:
        op.add_column("filing", sa.Column("date_written_precision", sa.String(), nullable=True))
        op.create_check_constraint(op.f("ck_filing_date_written_precision"), "filing", PRECISION_CHECK)
    op.add_column(
        "filing", sa.Column("date_written_approximate", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("filing", sa.Column("date_written_text", sa.String(), nullable=True))


def downgrade() -> None:
    columns = ("date_written_text", "date_written_approximate", "date_written_precision", "date_written")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_filing_date_written_precision"), "filing", type_="check")
    elif (
        "CONSTRAINT ck_filing_date_written_precision CHECK"
        in _sqlite_table_sql("filing").split("date_written_precision VARCHAR")[-1][:40]
    ):
        pass  # still the column constraint this migration added: DROP COLUMN takes it along
    else:
        # A later migration made the table anew (batch mode), which wrote the CHECK as a table
        # constraint: DROP COLUMN refuses that, so the table is made anew once more, and the
        # full-text triggers of migration 0002 with it.
        _sqlite_drop_in_batch(columns)
        return
    for column in columns:
        op.execute(f"ALTER TABLE filing DROP COLUMN {column}")


def _sqlite_table_sql(table: str) -> str:
    return op.get_bind().execute(sa.text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}).scalar_one()


def _sqlite_drop_in_batch(columns: tuple[str, ...]) -> None:
    """Make ``filing`` anew without the columns; the views and triggers that the copy would
    break are dropped first and made again after, as they were."""
    saved = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT type, name, sql FROM sqlite_master WHERE type = 'view' OR (type = 'trigger' AND tbl_name = 'filing')"
            )
        )
        .all()
    )
    for type_, name, _sql in saved:
        op.execute(f"DROP {type_.upper()} {name}")
    with op.batch_alter_table("filing") as batch:
        batch.drop_constraint(op.f("ck_filing_date_written_precision"), type_="check")
        for column in columns:
            batch.drop_column(column)
    for _type, _name, sql in saved:
        op.execute(sql)
