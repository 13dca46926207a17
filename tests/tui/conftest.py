"""Fixtures for the TUI tests: the bundled seed and a generated corpus, opened read-only.

Every app is built by :func:`casetrack.tui.app.make_app`, the factory the CLI uses.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from casetrack import db
from casetrack.seed.compile import Bundle
from casetrack.seed.load import load_bundle
from casetrack.tui.app import CasetrackApp, make_app
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT))
from benchmarks.generate import Sizes, generate, write_database

#: A corpus big enough to need several pages: cases, and one case with 500 filings.
PAGED = Sizes(cases=450, filings=3_000, quotes=300, parties=200, giants=(500,))


def _migrated(path: Path) -> str:
    target = db.Target(f"sqlite:///{path}", "--db")
    db.upgrade(target)
    return target.url


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory, bundle: Bundle) -> Path:
    """The bundled seed in a SQLite file, made once per test run."""
    path = tmp_path_factory.mktemp("tui") / "seed.db"
    engine = db.make_engine(_migrated(path))
    try:
        load_bundle(engine, bundle)
    finally:
        engine.dispose()
    return path


@pytest.fixture(scope="session")
def paged_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tui") / "paged.db"
    write_database(path, generate(PAGED, seed=3))
    return path


@pytest.fixture
def open_app() -> Iterator[Callable[[Path], CasetrackApp]]:
    """Build the app on a database file, read-only as the CLI opens it."""
    engines: list[Engine] = []

    def make(path: Path) -> CasetrackApp:
        engines.append(db.make_engine(f"sqlite:///{path}", read_only=True))
        return make_app(engines[-1], db_label=path.name)

    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture
def app(open_app: Callable[[Path], CasetrackApp], seed_db: Path) -> CasetrackApp:
    return open_app(seed_db)
