"""Indexes for the chronology across cases, and full-text search of events

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

``ix_<table>_<date>`` on depositions, rulings, events, status changes and quotes (filings have
had ``ix_filing_date_filed`` since 0001): the chronology's first page reads the earliest
records of each kind from an index instead of sorting every record.

Events are searched too: on SQLite an ``event_fts`` FTS5 table over ``title``, ``description``
and ``location`` (the tokenizer and prefix indexes of the other ``<table>_fts``, with the same
insert, delete and update triggers as migration 0002 gives them); on PostgreSQL a GIN index
``ix_event_fts`` on the same text, as for the other searched tables.

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


#: The searched columns of an event (a migration keeps its own copy; see casetrack.search).
EVENT_COLUMNS = ("title", "description", "location")


def _event_fts_up() -> None:
    cols = ", ".join(EVENT_COLUMNS)
    if op.get_bind().dialect.name != "sqlite":
        document = " || ' ' || ".join(f"coalesce({c}, '')" for c in EVENT_COLUMNS)
        op.execute(f"CREATE INDEX ix_event_fts ON event USING gin (to_tsvector('english', {document}))")
        return
    new = ", ".join(f"new.{c}" for c in EVENT_COLUMNS)
    old = ", ".join(f"old.{c}" for c in EVENT_COLUMNS)
    op.execute(
        f"CREATE VIRTUAL TABLE event_fts USING fts5({cols}, content='event', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"
    )
    op.execute(
        f"CREATE TRIGGER event_fts_ai AFTER INSERT ON event BEGIN INSERT INTO event_fts(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute(
        "CREATE TRIGGER event_fts_ad AFTER DELETE ON event BEGIN "
        f"INSERT INTO event_fts(event_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER event_fts_au AFTER UPDATE OF {cols} ON event BEGIN "
        f"INSERT INTO event_fts(event_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO event_fts(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute("INSERT INTO event_fts(event_fts) VALUES ('rebuild')")


def _event_fts_down() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP INDEX IF EXISTS ix_event_fts")
        return
    for suffix in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS event_fts_{suffix}")
    op.execute("DROP TABLE IF EXISTS event_fts")


def upgrade() -> None:
    for table, column in DATED:
        op.create_index(f"ix_{table}_{column}", table, [column])
    _event_fts_up()


def downgrade() -> None:
    _event_fts_down()
    for table, column in reversed(DATED):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
