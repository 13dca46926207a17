"""Shared fixtures. Database tests run on SQLite, and on PostgreSQL too when
CASETRACK_TEST_POSTGRES_URL is set (each test gets its own schema there)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from casetrack import db
from casetrack.seed.compile import Bundle, compile_seed
from casetrack.seed.load import load_bundle

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seed"
PG_URL = os.environ.get("CASETRACK_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test touches the user's real database."""
    monkeypatch.delenv(db.ENV_VAR, raising=False)
    monkeypatch.setenv("CASETRACK_FOLLOW_FILE", str(tmp_path / "user-data" / "following.json"))
    monkeypatch.setenv("CASETRACK_CITATIONS_FILE", str(tmp_path / "documents" / "casetrack-citations.txt"))
    monkeypatch.setattr(db, "default_db_path", lambda: tmp_path / "default" / "casetrack.db")


def _pg_schema_url(schema: str) -> str:
    assert PG_URL is not None
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    assert PG_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _pg_schema_url(schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def target(db_url: str) -> db.Target:
    return db.Target(db_url, "--db")


@pytest.fixture
def migrated(target: db.Target) -> Iterator[Engine]:
    db.upgrade(target)
    engine = db.make_engine(target.url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    return compile_seed(SEED)


@pytest.fixture
def seeded(migrated: Engine, bundle: Bundle) -> Engine:
    load_bundle(migrated, bundle)
    return migrated


@pytest.fixture
def session(seeded: Engine) -> Iterator[Session]:
    with Session(seeded) as s:
        yield s


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled seed, for tests that break it."""
    dest = tmp_path / "seed"
    shutil.copytree(SEED, dest)
    return dest


def table_counts(engine: Engine) -> dict[str, int]:
    from casetrack.models import TABLES

    with engine.connect() as conn:
        return {
            m.__tablename__: conn.execute(text(f"SELECT count(*) FROM {m.__tablename__}")).scalar_one()  # type: ignore[attr-defined]
            for m in TABLES
        }


def dump(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to prove a failed operation wrote nothing."""
    from casetrack.models import TABLES

    with engine.connect() as conn:
        return {
            m.__tablename__: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {m.__tablename__} ORDER BY id"))]  # type: ignore[attr-defined]
            for m in TABLES
        }
