"""Views for scripts, and full-text search (FTS5 on SQLite, tsvector GIN indexes on PostgreSQL)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

The views and the search structures are documented in docs/schema.md. On SQLite each
searchable table has an external-content FTS5 table ``<table>_fts`` (rowid = the row's id),
kept in sync by triggers; on PostgreSQL each has a GIN index on the same text.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: table -> the text columns that are searched (the first is the title).
SEARCHED: dict[str, tuple[str, ...]] = {
    "quote": ("text", "context"),
    "filing": ("title", "description"),
    "ruling": ("title", "description", "citation"),
    "legal_case": ("case_name", "short_name", "docket_number", "summary"),
    "party": ("name", "short_name", "description"),
}

VIEWS: dict[str, str] = {
    "v_case_status": """
        SELECT c.id AS case_id, c.slug AS case_slug, c.short_name, c.case_name, c.kind,
               ct.slug AS court_slug, ct.name AS court_name, c.docket_number,
               s.status, s.as_of, s.as_of_precision, s.as_of_approximate, s.note AS status_note,
               CASE WHEN s.set_by_filing_id IS NOT NULL THEN 'filing'
                    WHEN s.set_by_ruling_id IS NOT NULL THEN 'ruling'
                    WHEN s.set_by_event_id IS NOT NULL THEN 'event' END AS set_by_kind,
               COALESCE(f.slug, r.slug, e.slug) AS set_by_slug
        FROM legal_case c
        LEFT JOIN court ct ON ct.id = c.court_id
        LEFT JOIN case_status s ON s.id = (
            SELECT s2.id FROM case_status s2 WHERE s2.case_id = c.id
            ORDER BY s2.as_of DESC, s2.id DESC LIMIT 1)
        LEFT JOIN filing f ON f.id = s.set_by_filing_id
        LEFT JOIN ruling r ON r.id = s.set_by_ruling_id
        LEFT JOIN event e ON e.id = s.set_by_event_id
    """,
    "v_timeline": """
        SELECT c.slug AS case_slug, 'filing' AS entry_kind, f.slug, f.date_filed AS date,
               f.date_filed_precision AS date_precision, f.date_filed_approximate AS date_approximate,
               f.kind AS subkind, f.title, f.description AS detail
        FROM filing f JOIN legal_case c ON c.id = f.case_id
        UNION ALL
        SELECT c.slug, 'deposition', d.slug, d.date_taken, d.date_taken_precision, d.date_taken_approximate,
               'deposition', 'Deposition of ' || p.name, d.description
        FROM deposition d JOIN legal_case c ON c.id = d.case_id JOIN party p ON p.id = d.deponent_id
        UNION ALL
        SELECT c.slug, 'ruling', r.slug, r.date_decided, r.date_decided_precision, r.date_decided_approximate,
               r.kind, r.title, r.outcome
        FROM ruling r JOIN legal_case c ON c.id = r.case_id
        UNION ALL
        SELECT c.slug, 'event', e.slug, e.date, e.date_precision, e.date_approximate,
               e.kind, e.title, e.description
        FROM event e JOIN legal_case c ON c.id = e.case_id
    """,
    "v_quote": """
        SELECT q.id AS quote_id, q.slug AS quote_slug, q.text, q.setting,
               q.date, q.date_precision, q.date_approximate, q.context,
               p.slug AS speaker_slug, p.name AS speaker_name,
               c.slug AS case_slug, c.short_name AS case_short_name,
               CASE WHEN q.deposition_id IS NOT NULL THEN 'deposition'
                    WHEN q.ruling_id IS NOT NULL THEN 'ruling'
                    WHEN q.filing_id IS NOT NULL THEN 'filing'
                    WHEN q.event_id IS NOT NULL THEN 'event' END AS origin_kind,
               COALESCE(d.slug, r.slug, f.slug, e.slug) AS origin_slug,
               s.slug AS source_slug, s.title AS source_title, s.publisher AS source_publisher,
               q.source_locator
        FROM quote q
        JOIN party p ON p.id = q.speaker_id
        JOIN legal_case c ON c.id = q.case_id
        JOIN source s ON s.id = q.source_id
        LEFT JOIN deposition d ON d.id = q.deposition_id
        LEFT JOIN ruling r ON r.id = q.ruling_id
        LEFT JOIN filing f ON f.id = q.filing_id
        LEFT JOIN event e ON e.id = q.event_id
    """,
    "v_sanction": """
        SELECT sa.slug AS sanction_slug, p.slug AS party_slug, p.name AS party_name,
               sa.kind, sa.description, r.slug AS ruling_slug, r.title AS ruling_title,
               r.date_decided, r.date_decided_precision, j.name AS judge_name,
               c.slug AS case_slug, c.short_name AS case_short_name
        FROM sanction sa
        JOIN party p ON p.id = sa.party_id
        JOIN ruling r ON r.id = sa.ruling_id
        JOIN legal_case c ON c.id = r.case_id
        LEFT JOIN party j ON j.id = r.judge_id
    """,
}


def _sqlite_fts_up() -> None:
    for table, columns in SEARCHED.items():
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        op.execute(
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5({cols}, content='{table}', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {table}_fts(rowid, {cols}) VALUES (new.id, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {table}_fts({table}_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
        )
        watched = ", ".join(columns)
        op.execute(
            f"CREATE TRIGGER {table}_fts_au AFTER UPDATE OF {watched} ON {table} BEGIN "
            f"INSERT INTO {table}_fts({table}_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO {table}_fts(rowid, {cols}) VALUES (new.id, {new}); END"
        )
        op.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")


def _sqlite_fts_down() -> None:
    for table in SEARCHED:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {table}_fts")


def pg_document(table: str) -> str:
    """The text PostgreSQL indexes for a table (the search query must use the same expression)."""
    return " || ' ' || ".join(f"coalesce({c}, '')" for c in SEARCHED[table])


def _pg_fts_up() -> None:
    for table in SEARCHED:
        op.execute(f"CREATE INDEX ix_{table}_fts ON {table} USING gin (to_tsvector('english', {pg_document(table)}))")


def _pg_fts_down() -> None:
    for table in SEARCHED:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_fts")


def upgrade() -> None:
    for name, sql in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {sql}")
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_fts_up()
    elif dialect == "postgresql":
        _pg_fts_up()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_fts_down()
    elif dialect == "postgresql":
        _pg_fts_down()
    for name in reversed(list(VIEWS)):
        op.execute(f"DROP VIEW IF EXISTS {name}")
