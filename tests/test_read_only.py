"""A database a user may read but not write (a shared newsroom drive, a read-only mount) opens
in the CLI and the TUI; a command that writes is refused on one line and changes nothing.

The tests run as root, whom permissions do not stop, so the commands run as ``nobody``."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from casetrack import db
from casetrack.seed.compile import Bundle
from casetrack.seed.load import load_bundle
from tests.conftest import ROOT

SETPRIV = shutil.which("setpriv")


def _as_nobody(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    if SETPRIV is None or os.geteuid() != 0:
        pytest.skip("needs root and setpriv(1) to run a command as a user without write permission")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(cwd),
        "XDG_DATA_HOME": str(cwd / "xdg"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(ROOT),
        "LANG": "C.UTF-8",
    }
    command = [SETPRIV, "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def _digest(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


@pytest.fixture(scope="module")
def shared(bundle: Bundle) -> Iterator[Path]:
    """A seeded WAL database, closed cleanly (so no -shm), in a folder only root may write."""
    base = Path(tempfile.mkdtemp(prefix="casetrack-ro-"))
    base.chmod(0o755)
    folder = base / "shared"
    folder.mkdir()
    path = folder / "news.db"
    target = db.Target(f"sqlite:///{path}", "--db")
    db.upgrade(target)
    engine = db.make_engine(target.url)
    load_bundle(engine, bundle)
    engine.dispose()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()
    assert sorted(p.name for p in folder.iterdir()) == ["news.db"]
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield path
    finally:
        shutil.rmtree(base)


def _cli(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _as_nobody("-m", "casetrack", "--db", str(path), *args, cwd=path.parent.parent)


def test_every_read_command_works_in_a_read_only_folder(shared: Path, bundle: Bundle) -> None:
    before = _digest(shared.parent)
    listed = _cli(shared, "cases", "--json")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == len(bundle.rows["legal_case"])
    for args in (["case", "dominion-v-fox"], ["db", "current"]):
        result = _cli(shared, *args)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stdout and not result.stderr.strip(), args
    exported = _cli(shared, "export")
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(exported.stdout)["tables"]["quote"]) == len(bundle.rows["quote"])
    assert _digest(shared.parent) == before


def test_commands_that_write_are_refused_on_one_line(shared: Path) -> None:
    before = _digest(shared.parent)
    for args in (["seed", "load"], ["db", "upgrade"], ["db", "downgrade", "base"]):
        result = _cli(shared, *args)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr, (args, result.stderr)
        assert "read-only" in lines[0] or "writable" in lines[0], (args, lines)
    assert _digest(shared.parent) == before


def test_export_to_a_read_only_file_is_refused_and_the_file_kept(shared: Path) -> None:
    out = shared.parent.parent / "kept.json"
    out.write_text("the previous export\n")
    out.chmod(0o444)
    result = _cli(shared, "export", "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.strip() == f"casetrack: cannot write {out}: Permission denied"
    assert out.read_text() == "the previous export\n"


TUI_CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from casetrack.bootstrap import open_for_reading
    from casetrack.db import resolve_target
    from casetrack.tui.app import make_app
    from casetrack.tui.widgets import PagedTable

    target = resolve_target(sys.argv[1])
    engine = open_for_reading(target)
    app = make_app(engine, db_label=target.display())

    async def main():
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(50):
                await pilot.pause(0.05)
                cases = app.screen.query_one("#cases", PagedTable)
                if cases.items:
                    break
            print(len(cases.items))

    asyncio.run(main())
    engine.dispose()
    """
)


def test_tui_opens_a_database_in_a_read_only_folder(shared: Path, bundle: Bundle) -> None:
    before = _digest(shared.parent)
    script = shared.parent.parent / "tui_child.py"
    script.write_text(TUI_CHILD)
    result = _as_nobody(str(script), str(shared), cwd=shared.parent.parent)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip().splitlines()[-1]) == len(bundle.rows["legal_case"])
    assert _digest(shared.parent) == before


def test_read_only_engine_reads_a_wal_database_whose_folder_cannot_be_written(
    seeded: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process, for PostgreSQL runs too: the mode chosen for a folder that cannot be written."""
    if not db_url.startswith("sqlite"):
        pytest.skip("a file mode; PostgreSQL uses roles")
    seeded.dispose()
    path = Path(make_url(db_url).database or "")
    monkeypatch.setattr(db.os, "access", lambda p, mode: Path(p) != path.parent)
    assert db.read_only_mode(path) == "mode=ro&immutable=1"
    Path(f"{path}-shm").touch()  # a writer has it open: never immutable then
    assert db.read_only_mode(path) == "mode=ro"
