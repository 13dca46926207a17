"""``casetrack export``: streamed, byte for byte what it wrote before, and written whole or not at all."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from casetrack import __version__, db
from casetrack.export import _row
from casetrack.models import TABLES
from casetrack.seed.compile import Bundle
from casetrack.seed.load import load_bundle
from tests.test_cli import one_line_error, run


def _export_as_before(engine: Engine) -> str:
    """The export as casetrack made it before it was streamed: the whole database in one dumps."""
    slugs: dict[str, dict[int, str]] = {}
    data: dict[str, Any] = {"casetrack_version": __version__, "tables": {}}
    with Session(engine) as session:
        for model in TABLES:
            table = model.__table__  # type: ignore[attr-defined]
            rows = [dict(r._mapping) for r in session.connection().execute(select(table).order_by(table.c.id))]
            slugs[table.name] = {r["id"]: r["slug"] for r in rows}
            fks = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
            data["tables"][table.name] = [_row(r, slugs, fks) for r in rows]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_streamed_export_is_byte_identical_to_the_whole_dumps(capsys, seeded: Engine, db_url: str) -> None:
    code, out, err = run(capsys, "--db", db_url, "export")
    assert code == 0, err
    assert out == _export_as_before(seeded)


def test_export_of_an_empty_database_is_byte_identical(capsys, migrated: Engine, db_url: str) -> None:
    code, out, _ = run(capsys, "--db", db_url, "export")
    assert code == 0
    assert out == _export_as_before(migrated)
    assert json.loads(out)["tables"]["quote"] == []


def test_export_to_a_file_replaces_it_whole_and_keeps_its_mode(capsys, seeded: Engine, db_url: str, tmp_path) -> None:
    out = tmp_path / "export.json"
    out.write_text("old")
    out.chmod(0o640)
    code, _, err = run(capsys, "--db", db_url, "export", "-o", str(out))
    assert code == 0 and err.strip() == f"wrote {out}"
    assert out.read_text(encoding="utf-8") == _export_as_before(seeded)
    assert out.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir() if "export" in p.name) == ["export.json"]


@pytest.fixture
def sqlite_seeded(tmp_path: Path, bundle: Bundle) -> str:
    """File output does not depend on the backend: these tests run once, on a SQLite file."""
    target = db.Target(f"sqlite:///{tmp_path / 'test.db'}", "--db")
    db.upgrade(target)
    engine = db.make_engine(target.url)
    load_bundle(engine, bundle)
    engine.dispose()
    return target.url


def test_export_that_fails_part_way_leaves_the_previous_file(sqlite_seeded: str, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    good = '{"the previous": "good export"}\n' * 4000  # 128 KB, more than the limit below
    out.write_text(good)
    limit = 64 * 1024

    def small_files() -> None:  # as a full disk or a quota would stop it
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-m", "casetrack", "--db", sqlite_seeded, "export", "-o", str(out)],
        preexec_fn=small_files,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert one_line_error(result.stderr) == f"casetrack: cannot write {out}: File too large"
    assert out.read_text() == good
    assert sorted(p.name for p in tmp_path.iterdir() if "export" in p.name) == ["export.json"]


def test_export_to_a_place_that_cannot_take_a_file_is_one_line(capsys, sqlite_seeded: str, tmp_path: Path) -> None:
    cases = {
        str(tmp_path / "missing" / "x.json"): f"cannot write {tmp_path / 'missing' / 'x.json'}: "
        f"folder {tmp_path / 'missing'} does not exist",
        str(tmp_path): f"cannot write {tmp_path}: it is a folder",
        "": "cannot write '': give a file name",
    }
    if os.path.exists("/dev/full"):
        cases["/dev/full"] = "cannot write /dev/full: No space left on device"
    for where, message in cases.items():
        code, _, err = run(capsys, "--db", sqlite_seeded, "export", "-o", where)
        assert code == 1, where
        assert one_line_error(err) == f"casetrack: {message}"
    assert not [p.name for p in tmp_path.iterdir() if not p.name.startswith("test.db")]
    if os.path.exists("/dev/full"):
        assert Path("/dev/full").is_char_device()
