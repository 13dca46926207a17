"""Prefix indexes on the SQLite full-text tables, for search as you type

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

Search as you type asks FTS5 for words starting with what has been typed so far (``c*``,
``co*``...). Without a prefix index FTS5 merges the doclist of every term with that prefix
before it returns a row: 100-130 ms for ``c*`` over a million filings. With
``prefix='1 2 3'`` the merged doclists of every 1-, 2- and 3-character prefix are stored, and
the same query takes about 1 ms (docs/performance.md). The full-text tables grow about three
times (79 to 237 MiB on the benchmark database of 5.3 million rows).

Each ``<table>_fts`` of migration 0002 is dropped, made again with the same columns and
tokenizer plus the prefix option, and rebuilt from its table. The triggers of migration
0002 name the FTS table only in their bodies, so they stay as they are. PostgreSQL's GIN
indexes already answer prefix queries (``'coom':*``): nothing changes there.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: table -> the text columns that are searched, as in migration 0002.
SEARCHED: dict[str, tuple[str, ...]] = {
    "quote": ("text", "context"),
    "filing": ("title", "description"),
    "ruling": ("title", "description", "citation"),
    "legal_case": ("case_name", "short_name", "docket_number", "summary"),
    "party": ("name", "short_name", "description"),
}

PREFIXES = "1 2 3"


def _remake(prefix: str | None) -> None:
    for table, columns in SEARCHED.items():
        options = f"content='{table}', content_rowid='id', tokenize='unicode61 remove_diacritics 2'"
        if prefix:
            options += f", prefix='{prefix}'"
        op.execute(f"DROP TABLE {table}_fts")
        op.execute(f"CREATE VIRTUAL TABLE {table}_fts USING fts5({', '.join(columns)}, {options})")
        op.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _remake(PREFIXES)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _remake(None)
