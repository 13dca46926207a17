"""Migration checks (pytest-alembic) on SQLite and, when configured, PostgreSQL:
one head, upgrade from empty to head, down to base and back up, and no drift between the
models and the migrations."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytest_alembic import tests as alembic_tests
from pytest_alembic.config import Config
from sqlalchemy import Engine, inspect, text

from casetrack import db
from tests.v1data import load_v1_rows


@pytest.fixture
def alembic_config() -> Config:
    return Config(alembic_config=db.alembic_config("sqlite://"))


@pytest.fixture
def alembic_engine(db_url: str) -> Iterator[Engine]:
    engine = db.make_engine(db_url)
    yield engine
    engine.dispose()


test_single_head_revision = alembic_tests.test_single_head_revision
test_upgrade = alembic_tests.test_upgrade
test_up_down_consistency = alembic_tests.test_up_down_consistency
test_model_definitions_match_ddl = alembic_tests.test_model_definitions_match_ddl


def test_every_constraint_is_named(migrated: Engine) -> None:
    insp = inspect(migrated)
    tables = [t for t in insp.get_table_names() if "_fts" not in t and t != "alembic_version"]
    assert "legal_case" in tables and "quote" in tables
    for table in tables:
        for fk in insp.get_foreign_keys(table):
            assert fk["name"] and fk["name"].startswith(f"fk_{table}_"), (table, fk)
        for uq in insp.get_unique_constraints(table):
            assert uq["name"] and uq["name"].startswith(f"uq_{table}_"), (table, uq)
        for ck in insp.get_check_constraints(table):
            assert ck["name"] and ck["name"].startswith(f"ck_{table}_"), (table, ck)


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() == db.BUSY_TIMEOUT_MS
    engine.dispose()


def test_sqlite_foreign_key_check_is_clean_after_seed(tmp_path, bundle) -> None:
    # SQLite only by design: PostgreSQL enforces foreign keys on every write.
    from casetrack.seed.load import load_bundle

    target = db.resolve_target(str(tmp_path / "fk.db"))
    db.upgrade(target)
    engine = db.make_engine(target.url)
    load_bundle(engine, bundle)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM quote")).scalar_one() > 0
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    engine.dispose()


def test_downgrade_to_base_removes_everything(target: db.Target, migrated: Engine) -> None:
    db.downgrade(target, "base")
    names = set(inspect(migrated).get_table_names()) - {"alembic_version"}
    assert names == set()
    assert inspect(migrated).get_view_names() == []


@pytest.fixture(scope="module")
def generated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated database of 20,000 filings at head, built once (about 5 s)."""
    from benchmarks.generate import DOWNGRADE, generate, write_database

    path = tmp_path_factory.mktemp("generated") / "generated.db"
    write_database(path, generate(DOWNGRADE, 1))
    return path


def _counts(engine: Engine, tables: tuple[str, ...]) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}


KEPT = ("legal_case", "party", "filing", "quote", "ruling", "deposition", "case_status", "citation", "source")


def test_downgrade_of_20000_filings_stops_at_0006_then_goes_to_base(generated_db: Path, tmp_path: Path) -> None:
    # SQLite only: its downgrade remakes tables with foreign keys off (db.begin_migration), which
    # is what keeps dropping a table that 20,000 rows point at from taking quadratic time.
    from benchmarks.generate import version_1_compatible

    path = tmp_path / "copy.db"
    shutil.copy(generated_db, path)
    target = db.Target(f"sqlite:///{path}", "--db")
    engine = db.make_engine(target.url)
    try:
        before = _counts(engine, KEPT)
        assert before["filing"] >= 20_000
        # The generated quotes include deposition questions, which version 1 cannot hold: the
        # lowest revision this data allows is 0006, and a step below it refuses, in one line.
        db.downgrade(target, "0006")
        assert db.current_revision(engine) == "0006"
        with pytest.raises(db.DatabaseError, match=r"cannot downgrade below 0006 .* deposition question") as refused:
            db.downgrade(target, "0005")
        assert "\n" not in str(refused.value)
        assert db.current_revision(engine) == "0006" and _counts(engine, KEPT) == before
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []

        # Made version-1 compatible, the same data goes down through 0006's table remakes,
        # every row kept, each filing's filer and quote's speaker back in their version 1 columns.
        assert version_1_compatible(path) > 0
        db.downgrade(target, "0005")
        assert db.current_revision(engine) == "0005" and _counts(engine, KEPT) == before
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM filing WHERE filed_by_id IS NULL")).scalar_one() == 0
            assert conn.execute(text("SELECT count(*) FROM quote WHERE speaker_id IS NULL")).scalar_one() == 0
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
            assert "actor" not in inspect(conn).get_table_names()
        db.downgrade(target, "base")
        assert set(inspect(engine).get_table_names()) - {"alembic_version"} == set()
        assert inspect(engine).get_view_names() == []
    finally:
        engine.dispose()


def _alembic_upgrade(target: db.Target) -> None:
    from alembic import command

    command.upgrade(db.alembic_config(target.url), "head")  # as the alembic command line does


@pytest.mark.parametrize("upgrade", [db.upgrade, _alembic_upgrade], ids=["casetrack", "alembic"])
def test_a_failed_sqlite_upgrade_changes_nothing(
    tmp_path, bundle, monkeypatch: pytest.MonkeyPatch, upgrade: Callable[[db.Target], None]
) -> None:
    # Migration 0005 remakes SQLite's five full-text tables one after the other (it does
    # nothing on PostgreSQL, whose DDL is transactional anyway). It fails here after remaking
    # the first: everything, DDL included, must be rolled back. The sqlite3 driver commits
    # DDL on its own unless casetrack opens the transaction itself.
    from alembic import op

    target = db.Target(f"sqlite:///{tmp_path / 'upgrade.db'}", "--db")
    db.upgrade(target, "0004")
    engine = db.make_engine(target.url)
    with engine.begin() as conn:
        load_v1_rows(conn)
    real_execute = op.execute
    calls = 0

    def failing(sql: object, *args: object, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:  # after quote_fts was dropped, made again and rebuilt
            raise RuntimeError("disk full")
        real_execute(sql, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(op, "execute", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        upgrade(target)
    monkeypatch.undo()
    try:
        assert db.current_revision(engine) == "0004"
        with engine.connect() as conn:
            hits = conn.execute(
                text(
                    "SELECT q.slug FROM quote_fts f JOIN quote q ON q.id = f.rowid "
                    "WHERE quote_fts MATCH 'never about fraud'"
                )
            )
            assert "parker-never-about-fraud" in hits.scalars().all()
            ddl = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'quote_fts'")).scalar_one()
        assert "prefix" not in ddl
    finally:
        engine.dispose()
    db.upgrade(target)  # and the upgrade can be run again


def _rows(engine: Engine, tables: list[str]) -> dict[str, list[dict[str, object]]]:
    with engine.connect() as conn:
        return {t: [dict(r._mapping) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY id"))] for t in tables}


def test_version_1_data_upgrades_to_head_and_back_unchanged(target: db.Target) -> None:
    """The bundled seed as revision 0005 stored it goes up to head and down again, row for row."""
    db.upgrade(target, "0005")
    engine = db.make_engine(target.url)
    try:
        with engine.begin() as conn:
            data = load_v1_rows(conn)
        before = _rows(engine, list(data))
        db.upgrade(target)
        with engine.connect() as conn:
            speakers = dict(conn.execute(text("SELECT quote_slug, speaker_slug FROM v_quote")).all())
            filers = conn.execute(text("SELECT count(*) FROM filing_filer")).scalar_one()
        old_speakers = {q["slug"]: q["speaker_id"] for q in data["quote"]}
        party_slugs = {p["id"]: p["slug"] for p in data["party"]}
        assert speakers == {slug: party_slugs[pid] for slug, pid in old_speakers.items()}
        assert filers == sum(1 for f in data["filing"] if f["filed_by_id"] is not None)
        db.downgrade(target, "0005")
        # The one thing that does not come back: version 2 calls a motion a filing.
        for quote in before["quote"]:
            quote["setting"] = "filing" if quote["setting"] == "motion" else quote["setting"]
        assert _rows(engine, list(data)) == before
    finally:
        engine.dispose()


def test_version_1_data_then_the_new_seed_loses_nothing(target: db.Target, bundle) -> None:
    from casetrack.seed.load import load_bundle

    db.upgrade(target, "0005")
    engine = db.make_engine(target.url)
    try:
        with engine.begin() as conn:
            data = load_v1_rows(conn)
        db.upgrade(target)
        report = load_bundle(engine, bundle)
        after = _rows(engine, list(data))
        for table, rows in data.items():
            slugs = {r["slug"] for r in after[table]}
            missing = {r["slug"] for r in rows} - slugs
            assert not missing, (table, missing)
        # Records the new seed no longer has are reported, not deleted (that takes --prune).
        assert report.n_removed == sum(len(v) for v in report.removed.values())
        with engine.connect() as conn:
            motion = conn.execute(
                text(
                    "SELECT speaker_kind, speaker_client_slug FROM v_quote "
                    "WHERE quote_slug = 'coomer-motion-memo-shows'"
                )
            ).one()
        assert tuple(motion) == ("counsel", "eric-coomer")
        # Version 1 cannot say who spoke for Coomer: the downgrade refuses, in one line, and keeps everything.
        with pytest.raises(Exception, match="cannot downgrade below 0006") as refused:
            db.downgrade(target, "0005")
        assert "\n" not in str(refused.value)
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()


# --- the revision check without Alembic's runtime ------------------------------------------


def test_head_and_known_revisions_read_from_the_scripts_match_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db.alembic_config("sqlite://"))
    assert [db.head_revision()] == script.get_heads()
    assert db.known_revisions() == {rev.revision for rev in script.walk_revisions()}


def test_current_revision_is_read_with_plain_sql(db_url: str) -> None:
    from alembic.runtime.migration import MigrationContext

    engine = db.make_engine(db_url)
    try:
        assert db.current_revision(engine) is None  # no alembic_version table yet
        db.upgrade(db.Target(db_url, "--db"), "0003")
        with engine.connect() as conn:
            assert db.current_revision(engine) == MigrationContext.configure(conn).get_current_revision() == "0003"
    finally:
        engine.dispose()
