"""Where the shipped files are found: the package's casetrack/_data/ in a regular install,
the checkout's top-level copies otherwise (one copy in the repository)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casetrack import resources

ROOT = Path(__file__).resolve().parent.parent


def test_a_checkout_uses_its_top_level_copies() -> None:
    assert not (ROOT / "casetrack" / "_data").exists(), "the repository keeps one copy, at its top level"
    assert resources.migrations_dir() == ROOT / "migrations"
    assert resources.seed_dir() == ROOT / "seed"
    assert resources.alembic_ini() == ROOT / "alembic.ini"


def test_the_package_data_wins_when_it_is_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "casetrack"
    (package / "_data" / "migrations").mkdir(parents=True)
    (package / "_data" / "alembic.ini").write_text("[alembic]\n")
    monkeypatch.setattr(resources, "files", lambda _name: package)
    assert resources.migrations_dir() == package / "_data" / "migrations"
    assert resources.alembic_ini() == package / "_data" / "alembic.ini"
    assert resources.seed_dir() == resources.SOURCE_ROOT / "seed"  # not in this package: the source tree


def test_the_sdist_manifest_and_setup_py_ship_the_same_files() -> None:
    manifest = (ROOT / "MANIFEST.in").read_text()
    setup_py = (ROOT / "setup.py").read_text()
    for name in ("migrations", "seed", "alembic.ini"):
        assert name in manifest and f'"{name}"' in setup_py, name
