"""Schema v2: who said what, in which proceeding, bearing on which cases

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

docs/schema.md ("Changes") lists every change for scripts. In short:

- ``actor``: who speaks or files: a party, a court, or counsel for a party in a case (named
  or not). ``quote.speaker_id`` (a party) becomes ``quote.speaker_actor_id``, and
  ``filing.filed_by_id`` becomes rows of ``filing_filer`` (a filing may have several filers).
  Each party that spoke or filed gets an actor row whose slug is the party's slug.
- ``party.kind`` gains ``group`` (unnamed people, with ``member_count``); ``party_member``
  resolves a group into named members.
- A quote the source interrupts is one ``quote`` with its parts in ``quote_part``; its cases
  may be none (``quote.case_id`` is nullable). ``quote.setting`` says how it was said:
  ``motion`` becomes ``filing`` and ``deposition`` becomes ``deposition_answer``.
- Rulings, filings and events may bear on several cases (``ruling_case``, ``filing_case``,
  ``event_case``); an event may stand outside any case (``event.case_id`` nullable); a ruling
  names its court (``ruling.court_id``).
- ``case_member``: a group of cases (``legal_case.kind = 'group'``).
- Every date gains ``<name>_end`` (a range: "25 Nov to 2 Dec 2020") and ``<name>_bound``
  (``before`` / ``after``: "before mid-September 2021").
- New vocabulary values for case kinds, statuses and outcomes.

On SQLite the tables that change are made anew (batch mode), so the views, the full-text
triggers and the expression index of migration 0004 are dropped first and made again after;
foreign keys are off for the migration and checked as a whole before it commits
(``casetrack.db.begin_migration`` / ``finish_migration``).

The downgrade works while the database holds nothing that version 1 cannot say; otherwise it
refuses with one line naming what would be lost.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from casetrack.errors import DatabaseError

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STR = sqlmodel.sql.sqltypes.AutoString

#: table -> its date columns.
DATES: dict[str, tuple[str, ...]] = {
    "source": ("date_published",),
    "legal_case": ("date_filed", "date_terminated"),
    "case_role": ("until",),
    "filing": ("date_filed", "date_written"),
    "deposition": ("date_taken",),
    "ruling": ("date_decided",),
    "event": ("date",),
    "case_status": ("as_of",),
    "quote": ("date",),
}

#: (table, column) -> (values before, values after). Frozen here: vocab.py may change later.
VOCABULARIES: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {
    ("party", "kind"): (("person", "organization"), ("person", "organization", "group")),
    ("legal_case", "kind"): (
        ("defamation", "sanctions", "disciplinary", "election_challenge", "criminal", "threatened"),
        (
            "defamation",
            "sanctions",
            "disciplinary",
            "election_challenge",
            "criminal",
            "threatened",
            "group",
            "considered",
        ),
    ),
    ("case_status", "status"): (
        (
            "threatened",
            "pending",
            "dismissed",
            "settled",
            "decided",
            "sanctions_imposed",
            "suspended",
            "disbarred",
            "pardoned",
            "withdrawn",
            "closed",
        ),
        (
            "threatened",
            "pending",
            "dismissed",
            "settled",
            "decided",
            "sanctions_imposed",
            "suspended",
            "disbarred",
            "pardoned",
            "withdrawn",
            "closed",
            "failed",
            "affirmed",
            "reversed",
            "not_pursued",
            "interim_suspension",
            "final_suspension",
        ),
    ),
    ("ruling", "outcome"): (
        ("granted", "denied", "granted_in_part", "dismissed", "sanctions_imposed", "suspended", "disbarred", "other"),
        (
            "granted",
            "denied",
            "granted_in_part",
            "dismissed",
            "sanctions_imposed",
            "suspended",
            "disbarred",
            "affirmed",
            "reversed",
            "withdrawn",
            "interim_suspension",
            "final_suspension",
            "other",
        ),
    ),
    ("quote", "setting"): (
        ("deposition", "ruling", "motion", "filing", "news_conference", "interview", "statement", "email", "other"),
        (
            "filing",
            "deposition_question",
            "deposition_answer",
            "ruling",
            "email",
            "interview",
            "statement",
            "news_conference",
            "publication",
            "other",
        ),
    ),
}

#: quote.setting, version 1 -> version 2 (and back, for the values version 1 had).
SETTING_UP = {"motion": "filing", "deposition": "deposition_answer"}
SETTING_DOWN = {"deposition_answer": "deposition"}

SEARCHED = ("quote", "filing", "ruling", "legal_case", "party")  # tables with FTS5 triggers (0002)
VIEWS = ("v_case_status", "v_timeline", "v_quote", "v_sanction")

V2_VIEWS: dict[str, str] = {
    "v_case_status": """
        SELECT c.id AS case_id, c.slug AS case_slug, c.short_name, c.case_name, c.kind,
               ct.slug AS court_slug, ct.name AS court_name, c.docket_number,
               s.status, s.as_of, s.as_of_precision, s.as_of_approximate, s.note AS status_note,
               CASE WHEN s.set_by_filing_id IS NOT NULL THEN 'filing'
                    WHEN s.set_by_ruling_id IS NOT NULL THEN 'ruling'
                    WHEN s.set_by_event_id IS NOT NULL THEN 'event' END AS set_by_kind,
               COALESCE(f.slug, r.slug, e.slug) AS set_by_slug,
               s.as_of_end, s.as_of_bound
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
               f.kind AS subkind, f.title, f.description AS detail,
               f.date_filed_end AS date_end, f.date_filed_bound AS date_bound, c.slug AS home_case_slug
        FROM filing f JOIN legal_case c ON c.id = f.case_id
        UNION ALL
        SELECT c.slug, 'filing', f.slug, f.date_filed, f.date_filed_precision, f.date_filed_approximate,
               f.kind, f.title, f.description, f.date_filed_end, f.date_filed_bound, h.slug
        FROM filing_case fc JOIN filing f ON f.id = fc.filing_id
        JOIN legal_case c ON c.id = fc.case_id JOIN legal_case h ON h.id = f.case_id
        UNION ALL
        SELECT c.slug, 'deposition', d.slug, d.date_taken, d.date_taken_precision, d.date_taken_approximate,
               'deposition', 'Deposition of ' || p.name, d.description,
               d.date_taken_end, d.date_taken_bound, c.slug
        FROM deposition d JOIN legal_case c ON c.id = d.case_id JOIN party p ON p.id = d.deponent_id
        UNION ALL
        SELECT c.slug, 'ruling', r.slug, r.date_decided, r.date_decided_precision, r.date_decided_approximate,
               r.kind, r.title, r.outcome, r.date_decided_end, r.date_decided_bound, c.slug
        FROM ruling r JOIN legal_case c ON c.id = r.case_id
        UNION ALL
        SELECT c.slug, 'ruling', r.slug, r.date_decided, r.date_decided_precision, r.date_decided_approximate,
               r.kind, r.title, r.outcome, r.date_decided_end, r.date_decided_bound, h.slug
        FROM ruling_case rc JOIN ruling r ON r.id = rc.ruling_id
        JOIN legal_case c ON c.id = rc.case_id JOIN legal_case h ON h.id = r.case_id
        UNION ALL
        SELECT c.slug, 'event', e.slug, e.date, e.date_precision, e.date_approximate,
               e.kind, e.title, e.description, e.date_end, e.date_bound, c.slug
        FROM event e JOIN legal_case c ON c.id = e.case_id
        UNION ALL
        SELECT c.slug, 'event', e.slug, e.date, e.date_precision, e.date_approximate,
               e.kind, e.title, e.description, e.date_end, e.date_bound, h.slug
        FROM event_case ec JOIN event e ON e.id = ec.event_id
        JOIN legal_case c ON c.id = ec.case_id LEFT JOIN legal_case h ON h.id = e.case_id
    """,
    "v_quote": """
        SELECT q.id AS quote_id, q.slug AS quote_slug, q.text, q.setting,
               q.date, q.date_precision, q.date_approximate, q.context,
               a.slug AS speaker_slug, a.name AS speaker_name,
               c.slug AS case_slug, c.short_name AS case_short_name,
               CASE WHEN q.deposition_id IS NOT NULL THEN 'deposition'
                    WHEN q.ruling_id IS NOT NULL THEN 'ruling'
                    WHEN q.filing_id IS NOT NULL THEN 'filing'
                    WHEN q.event_id IS NOT NULL THEN 'event' END AS origin_kind,
               COALESCE(d.slug, r.slug, f.slug, e.slug) AS origin_slug,
               s.slug AS source_slug, s.title AS source_title, s.publisher AS source_publisher,
               q.source_locator,
               a.kind AS speaker_kind, sp.slug AS speaker_party_slug, cl.slug AS speaker_client_slug,
               ct.slug AS speaker_court_slug, q.date_end, q.date_bound
        FROM quote q
        JOIN actor a ON a.id = q.speaker_actor_id
        LEFT JOIN party sp ON sp.id = a.party_id
        LEFT JOIN party cl ON cl.id = a.client_id
        LEFT JOIN court ct ON ct.id = a.court_id
        LEFT JOIN legal_case c ON c.id = q.case_id
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
               c.slug AS case_slug, c.short_name AS case_short_name,
               p.kind AS party_kind, p.member_count AS party_member_count
        FROM sanction sa
        JOIN party p ON p.id = sa.party_id
        JOIN ruling r ON r.id = sa.ruling_id
        JOIN legal_case c ON c.id = r.case_id
        LEFT JOIN party j ON j.id = r.judge_id
    """,
}


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _link_table(name: str, left: str, left_table: str) -> None:
    """A link from a record to a further case (``ruling_case``, ``filing_case``, ``event_case``)."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", STR(), nullable=False),
        sa.Column(left, sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["legal_case.id"], name=op.f(f"fk_{name}_case_id_legal_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            [left], [f"{left_table}.id"], name=op.f(f"fk_{name}_{left}_{left_table}"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint(left, "case_id", name=op.f(f"uq_{name}_{left}")),
        sa.UniqueConstraint("slug", name=op.f(f"uq_{name}_slug")),
    )
    op.create_index(op.f(f"ix_{name}_case_id"), name, ["case_id"])
    op.create_index(op.f(f"ix_{name}_{left}"), name, [left])


def _member_table(name: str, target: str, *, member_cascade: bool, note: bool) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", STR(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        *([sa.Column("note", STR(), nullable=True)] if note else []),
        sa.ForeignKeyConstraint(
            ["group_id"], [f"{target}.id"], name=op.f(f"fk_{name}_group_id_{target}"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            [f"{target}.id"],
            name=op.f(f"fk_{name}_member_id_{target}"),
            ondelete="CASCADE" if member_cascade else None,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("group_id", "member_id", name=op.f(f"uq_{name}_group_id")),
        sa.UniqueConstraint("slug", name=op.f(f"uq_{name}_slug")),
    )
    op.create_index(op.f(f"ix_{name}_group_id"), name, ["group_id"])
    op.create_index(op.f(f"ix_{name}_member_id"), name, ["member_id"])


def _create_tables() -> None:
    _member_table("party_member", "party", member_cascade=False, note=True)
    _member_table("case_member", "legal_case", member_cascade=True, note=False)
    op.create_table(
        "actor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", STR(), nullable=False),
        sa.Column("kind", STR(), nullable=False),
        sa.Column("name", STR(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("court_id", sa.Integer(), nullable=True),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(kind = 'party' AND party_id IS NOT NULL AND court_id IS NULL AND client_id IS NULL)"
            " OR (kind = 'court' AND court_id IS NOT NULL AND party_id IS NULL AND client_id IS NULL)"
            " OR (kind = 'counsel' AND client_id IS NOT NULL AND court_id IS NULL)",
            name=op.f("ck_actor_kind_columns"),
        ),
        sa.CheckConstraint(_in("kind", ("party", "court", "counsel")), name=op.f("ck_actor_kind")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["legal_case.id"], name=op.f("fk_actor_case_id_legal_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["client_id"], ["party.id"], name=op.f("fk_actor_client_id_party")),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_actor_court_id_court")),
        sa.ForeignKeyConstraint(["party_id"], ["party.id"], name=op.f("fk_actor_party_id_party")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor")),
        sa.UniqueConstraint("slug", name=op.f("uq_actor_slug")),
    )
    for column in ("case_id", "client_id", "court_id", "party_id"):
        op.create_index(op.f(f"ix_actor_{column}"), "actor", [column])
    _link_table("event_case", "event_id", "event")
    _link_table("filing_case", "filing_id", "filing")
    _link_table("ruling_case", "ruling_id", "ruling")
    op.create_table(
        "filing_filer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", STR(), nullable=False),
        sa.Column("filing_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["actor.id"], name=op.f("fk_filing_filer_actor_id_actor")),
        sa.ForeignKeyConstraint(
            ["filing_id"], ["filing.id"], name=op.f("fk_filing_filer_filing_id_filing"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_filing_filer")),
        sa.UniqueConstraint("filing_id", "actor_id", name=op.f("uq_filing_filer_filing_id")),
        sa.UniqueConstraint("slug", name=op.f("uq_filing_filer_slug")),
    )
    op.create_index(op.f("ix_filing_filer_actor_id"), "filing_filer", ["actor_id"])
    op.create_index(op.f("ix_filing_filer_filing_id"), "filing_filer", ["filing_id"])
    op.create_table(
        "quote_part",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", STR(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", STR(), nullable=False),
        sa.ForeignKeyConstraint(
            ["quote_id"], ["quote.id"], name=op.f("fk_quote_part_quote_id_quote"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quote_part")),
        sa.UniqueConstraint("quote_id", "position", name=op.f("uq_quote_part_quote_id")),
        sa.UniqueConstraint("slug", name=op.f("uq_quote_part_slug")),
    )
    op.create_index(op.f("ix_quote_part_quote_id"), "quote_part", ["quote_id"])


def _add_dates(batch: object, table: str) -> None:
    for name in DATES[table]:
        batch.add_column(sa.Column(f"{name}_end", sa.Date(), nullable=True))  # type: ignore[attr-defined]
        batch.add_column(sa.Column(f"{name}_bound", STR(), nullable=True))  # type: ignore[attr-defined]
        batch.create_check_constraint(  # type: ignore[attr-defined]
            op.f(f"ck_{table}_{name}_bound"), _in(f"{name}_bound", ("before", "after"))
        )
        batch.create_check_constraint(  # type: ignore[attr-defined]
            op.f(f"ck_{table}_{name}_end"),
            f'"{name}_end" IS NULL OR ("{name}_end" >= "{name}" AND "{name}_bound" IS NULL)',
        )


def _vocabulary(batch: object, table: str, column: str, *, index: int) -> None:
    """Replace the CHECK of a vocabulary column with the values before (0) or after (1)."""
    batch.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")  # type: ignore[attr-defined]
    batch.create_check_constraint(  # type: ignore[attr-defined]
        op.f(f"ck_{table}_{column}"), _in(column, VOCABULARIES[(table, column)][index])
    )


def _sqlite_before() -> None:
    """What SQLite's copy-and-rename of a table would break: triggers, an expression index."""
    for table in SEARCHED:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
    op.execute("DROP INDEX IF EXISTS ix_legal_case_name_sort")


def _sqlite_after(searched: dict[str, tuple[str, ...]]) -> None:
    for table, columns in searched.items():
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        op.execute(
            f"CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {table}_fts(rowid, {cols}) VALUES (new.id, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {table}_fts({table}_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_au AFTER UPDATE OF {cols} ON {table} BEGIN "
            f"INSERT INTO {table}_fts({table}_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO {table}_fts(rowid, {cols}) VALUES (new.id, {new}); END"
        )
        op.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
    op.create_index("ix_legal_case_name_sort", "legal_case", [sa.text("lower(short_name)"), "slug"])


def _searched() -> dict[str, tuple[str, ...]]:
    script = op.get_context().script
    assert script is not None
    module = script.get_revision("0002").module  # the searched columns, as migration 0002 made them
    return {t: module.SEARCHED[t] for t in SEARCHED}


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    if sqlite:
        _sqlite_before()
    _create_tables()

    # Who spoke and who filed: an actor for each party that did.
    op.execute(
        "INSERT INTO actor (slug, kind, name, party_id) "
        "SELECT p.slug, 'party', p.name, p.id FROM party p WHERE p.id IN "
        "(SELECT speaker_id FROM quote UNION SELECT filed_by_id FROM filing WHERE filed_by_id IS NOT NULL) "
        "ORDER BY p.id"
    )
    op.execute(
        "INSERT INTO filing_filer (slug, filing_id, actor_id, position) "
        "SELECT f.slug || '--' || a.slug, f.id, a.id, 0 FROM filing f JOIN actor a ON a.party_id = f.filed_by_id "
        "ORDER BY f.id"
    )

    with op.batch_alter_table("quote") as batch:
        batch.add_column(sa.Column("speaker_actor_id", sa.Integer(), nullable=True))
        batch.alter_column("case_id", existing_type=sa.Integer(), nullable=True)
        batch.drop_constraint(op.f("ck_quote_setting"), type_="check")
        _add_dates(batch, "quote")
    op.execute("UPDATE quote SET speaker_actor_id = (SELECT a.id FROM actor a WHERE a.party_id = quote.speaker_id)")
    for old, new in SETTING_UP.items():
        op.execute(f"UPDATE quote SET setting = '{new}' WHERE setting = '{old}'")
    with op.batch_alter_table("quote") as batch:
        batch.drop_index(op.f("ix_quote_speaker_id"))
        batch.drop_constraint(op.f("fk_quote_speaker_id_party"), type_="foreignkey")
        batch.drop_column("speaker_id")
        batch.alter_column("speaker_actor_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(op.f("fk_quote_speaker_actor_id_actor"), "actor", ["speaker_actor_id"], ["id"])
        batch.create_index(op.f("ix_quote_speaker_actor_id"), ["speaker_actor_id"])
        batch.create_check_constraint(op.f("ck_quote_setting"), _in("setting", VOCABULARIES[("quote", "setting")][1]))

    with op.batch_alter_table("filing") as batch:
        batch.drop_index(op.f("ix_filing_filed_by_id"))
        batch.drop_constraint(op.f("fk_filing_filed_by_id_party"), type_="foreignkey")
        batch.drop_column("filed_by_id")
        _add_dates(batch, "filing")
    with op.batch_alter_table("ruling") as batch:
        batch.add_column(sa.Column("court_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_ruling_court_id_court"), "court", ["court_id"], ["id"])
        batch.create_index(op.f("ix_ruling_court_id"), ["court_id"])
        _vocabulary(batch, "ruling", "outcome", index=1)
        _add_dates(batch, "ruling")
    with op.batch_alter_table("event") as batch:
        batch.alter_column("case_id", existing_type=sa.Integer(), nullable=True)
        _add_dates(batch, "event")
    with op.batch_alter_table("party") as batch:
        batch.add_column(sa.Column("member_count", sa.Integer(), nullable=True))
        _vocabulary(batch, "party", "kind", index=1)
    with op.batch_alter_table("legal_case") as batch:
        _vocabulary(batch, "legal_case", "kind", index=1)
        _add_dates(batch, "legal_case")
    with op.batch_alter_table("case_status") as batch:
        _vocabulary(batch, "case_status", "status", index=1)
        _add_dates(batch, "case_status")
    for table in ("source", "case_role", "deposition"):
        with op.batch_alter_table(table) as batch:
            _add_dates(batch, table)

    for name in VIEWS:
        op.execute(f"CREATE VIEW {name} AS {V2_VIEWS[name]}")
    if sqlite:
        _sqlite_after(_searched())


#: What version 1 cannot hold: (what is lost, a query counting it).
V2_ONLY: list[tuple[str, str]] = [
    ("quotes by a court or counsel", "SELECT count(*) FROM quote q JOIN actor a ON a.id = q.speaker_actor_id WHERE a.kind <> 'party'"),
    ("filings filed by a court or counsel", "SELECT count(*) FROM filing_filer ff JOIN actor a ON a.id = ff.actor_id WHERE a.kind <> 'party'"),
    ("filings with several filers", "SELECT count(*) FROM (SELECT filing_id FROM filing_filer GROUP BY filing_id HAVING count(*) > 1) x"),
    ("quotes in parts", "SELECT count(*) FROM quote_part"),
    ("quotes that bear on no case", "SELECT count(*) FROM quote WHERE case_id IS NULL"),
    ("events outside any case", "SELECT count(*) FROM event WHERE case_id IS NULL"),
    ("links of rulings, filings and events to further cases", "SELECT (SELECT count(*) FROM ruling_case) + (SELECT count(*) FROM filing_case) + (SELECT count(*) FROM event_case)"),
    ("groups of cases and their members", "SELECT (SELECT count(*) FROM case_member) + (SELECT count(*) FROM legal_case WHERE kind IN ('group', 'considered'))"),
    ("groups of people and their members", "SELECT (SELECT count(*) FROM party_member) + (SELECT count(*) FROM party WHERE kind = 'group')"),
    ("rulings that name their court", "SELECT count(*) FROM ruling WHERE court_id IS NOT NULL"),
    ("quotes said as a deposition question or a publication", "SELECT count(*) FROM quote WHERE setting IN ('deposition_question', 'publication')"),
    ("statuses and outcomes new in version 2", "SELECT (SELECT count(*) FROM case_status WHERE " + _in("status", VOCABULARIES[("case_status", "status")][1][11:]) + ") + (SELECT count(*) FROM ruling WHERE " + _in("outcome", VOCABULARIES[("ruling", "outcome")][1][7:12]) + ")"),
]  # fmt: skip


def _refuse_if_lossy() -> None:
    bind = op.get_bind()
    lost = [f"{n} {what}" for what, sql in V2_ONLY if (n := bind.execute(sa.text(sql)).scalar_one())]
    ranges = [
        f"{table}.{name}"
        for table, names in DATES.items()
        for name in names
        if bind.execute(
            sa.text(f'SELECT count(*) FROM {table} WHERE "{name}_end" IS NOT NULL OR "{name}_bound" IS NOT NULL')
        ).scalar_one()
    ]
    if ranges:
        lost.append(f"date ranges or bounds in {', '.join(ranges)}")
    if lost:
        raise DatabaseError(
            "cannot downgrade below 0006 without losing what version 1 cannot hold: "
            + "; ".join(lost)
            + " (casetrack export keeps a copy)"
        )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _refuse_if_lossy()
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    if sqlite:
        _sqlite_before()

    for table in ("deposition", "case_role", "source", "case_status", "legal_case", "event", "ruling"):
        with op.batch_alter_table(table) as batch:
            for name in DATES[table]:
                batch.drop_constraint(op.f(f"ck_{table}_{name}_end"), type_="check")
                batch.drop_constraint(op.f(f"ck_{table}_{name}_bound"), type_="check")
                batch.drop_column(f"{name}_bound")
                batch.drop_column(f"{name}_end")
            if table == "event":
                batch.alter_column("case_id", existing_type=sa.Integer(), nullable=False)
            if table == "ruling":
                batch.drop_index(op.f("ix_ruling_court_id"))
                batch.drop_constraint(op.f("fk_ruling_court_id_court"), type_="foreignkey")
                batch.drop_column("court_id")
            for vtable, column in VOCABULARIES:
                if vtable == table and table != "quote":
                    _vocabulary(batch, table, column, index=0)
    with op.batch_alter_table("party") as batch:
        batch.drop_column("member_count")
        _vocabulary(batch, "party", "kind", index=0)

    with op.batch_alter_table("filing") as batch:
        for name in DATES["filing"]:
            batch.drop_constraint(op.f(f"ck_filing_{name}_end"), type_="check")
            batch.drop_constraint(op.f(f"ck_filing_{name}_bound"), type_="check")
            batch.drop_column(f"{name}_bound")
            batch.drop_column(f"{name}_end")
        batch.add_column(sa.Column("filed_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_filing_filed_by_id_party"), "party", ["filed_by_id"], ["id"])
        batch.create_index(op.f("ix_filing_filed_by_id"), ["filed_by_id"])
    op.execute(
        "UPDATE filing SET filed_by_id = (SELECT a.party_id FROM filing_filer ff JOIN actor a ON a.id = ff.actor_id "
        "WHERE ff.filing_id = filing.id)"
    )

    with op.batch_alter_table("quote") as batch:
        batch.add_column(sa.Column("speaker_id", sa.Integer(), nullable=True))
        batch.drop_constraint(op.f("ck_quote_setting"), type_="check")
    op.execute("UPDATE quote SET speaker_id = (SELECT a.party_id FROM actor a WHERE a.id = quote.speaker_actor_id)")
    for new, old in SETTING_DOWN.items():
        op.execute(f"UPDATE quote SET setting = '{old}' WHERE setting = '{new}'")
    with op.batch_alter_table("quote") as batch:
        batch.drop_index(op.f("ix_quote_speaker_actor_id"))
        batch.drop_constraint(op.f("fk_quote_speaker_actor_id_actor"), type_="foreignkey")
        batch.drop_column("speaker_actor_id")
        batch.alter_column("speaker_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(op.f("fk_quote_speaker_id_party"), "party", ["speaker_id"], ["id"])
        batch.create_index(op.f("ix_quote_speaker_id"), ["speaker_id"])
        batch.alter_column("case_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint(op.f("ck_quote_date_end"), type_="check")
        batch.drop_constraint(op.f("ck_quote_date_bound"), type_="check")
        batch.drop_column("date_bound")
        batch.drop_column("date_end")
        batch.create_check_constraint(op.f("ck_quote_setting"), _in("setting", VOCABULARIES[("quote", "setting")][0]))

    for table in (
        "quote_part",
        "filing_filer",
        "ruling_case",
        "filing_case",
        "event_case",
        "actor",
        "case_member",
        "party_member",
    ):
        op.drop_table(table)

    script = op.get_context().script
    assert script is not None
    v1 = script.get_revision("0002").module.VIEWS
    for name in VIEWS:
        op.execute(f"CREATE VIEW {name} AS {v1[name]}")
    if sqlite:
        _sqlite_after(_searched())
