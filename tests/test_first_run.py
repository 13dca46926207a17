"""The first run is crash-safe: killed at any point while it makes the default database, the
next run brings up a whole, seeded tracker."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from casetrack import db
from casetrack.cli import main
from casetrack.seed.compile import Bundle

# Runs the CLI's first run in a child process that stops at POINT (writes MARKER, then waits
# for the signal). Each point is reached by wrapping the function that runs there.
CHILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path

    point, marker = sys.argv[1], Path(sys.argv[2])

    def pause():
        marker.write_text(point)
        while True:
            time.sleep(0.05)

    import casetrack.bootstrap as bootstrap
    import casetrack.db as db
    import casetrack.seed.compile as compile_mod
    import casetrack.seed.load as load

    if point == "locked":  # holds the lock, nothing made yet
        real_compile = compile_mod.compile_seed
        compile_mod.compile_seed = lambda d: (pause(), real_compile(d))[1]
    elif point == "migrating":  # tables made, migration not committed
        db.finish_migration = lambda conn: pause()
    elif point == "loading":  # half the seed inserted, not committed
        real_load_table = load._load_table
        def load_table(conn, name, *args):
            real_load_table(conn, name, *args)
            if name == "quote":
                pause()
        load._load_table = load_table
    elif point == "renaming":  # .new whole and settled, not yet renamed
        real_replace = os.replace
        os.replace = lambda src, dst: (pause(), real_replace(src, dst))[1]
    elif point == "renamed":  # renamed, directory not yet synced
        bootstrap._fsync_dir = lambda d: pause()

    from casetrack.cli import main
    main(["cases", "--json"])
    """
)

#: Each point once, with kill -9, SIGTERM and SIGHUP (a closed terminal) spread over them.
POINTS = [
    ("locked", signal.SIGKILL),
    ("migrating", signal.SIGTERM),
    ("loading", signal.SIGHUP),
    ("renaming", signal.SIGKILL),
    ("renamed", signal.SIGTERM),
]


def _kill_first_run_at(point: str, sig: signal.Signals, data_home: Path, tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    marker = tmp_path / "reached"
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    env.pop(db.ENV_VAR, None)
    child = subprocess.Popen(
        [sys.executable, str(script), point, str(marker)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            if child.poll() is not None:
                pytest.fail(f"the child ended before {point}: {child.stderr.read().decode() if child.stderr else ''}")
            assert time.monotonic() < deadline, f"never reached {point}"
            time.sleep(0.02)
        child.send_signal(sig)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -sig, (point, child.returncode)


def _cases(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    try:
        main(["cases", "--json"])
    except SystemExit as exc:
        assert not exc.code, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("point", "sig"), POINTS, ids=[f"{p}-{s.name}" for p, s in POINTS])
def test_first_run_killed_at_any_point_is_brought_up_seeded_by_the_next_run(
    point: str, sig: signal.Signals, capsys, monkeypatch, tmp_path: Path, bundle: Bundle
) -> None:
    data_home = tmp_path / "data"
    path = data_home / "casetrack" / "casetrack.db"
    monkeypatch.setattr(db, "default_db_path", lambda: path)
    _kill_first_run_at(point, sig, data_home, tmp_path)
    # Until the rename, there is no database at the default path; after it, a whole one.
    assert path.exists() == (point == "renamed")

    cases = _cases(capsys)
    assert len(cases) == len(bundle.rows["legal_case"])
    assert "coomer-v-trump-campaign" in {c["slug"] for c in cases}
    assert not path.with_name("casetrack.db.new").exists()
    assert _cases(capsys) == cases  # and the run after that does not make it again


@pytest.mark.parametrize("leftover", ["empty file", "no tables", "schema, never seeded"])
def test_default_database_left_half_made_by_an_older_casetrack_is_made_again(
    leftover: str, capsys, tmp_path: Path, bundle: Bundle
) -> None:
    path = db.default_db_path()
    path.parent.mkdir(parents=True)
    if leftover == "empty file":
        path.touch()
    elif leftover == "no tables":
        import sqlite3

        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.close()
    else:
        db.upgrade(db.Target(f"sqlite:///{path}", "default"))
    cases = _cases(capsys)
    assert len(cases) == len(bundle.rows["legal_case"])


def test_a_database_named_with_db_is_never_replaced(capsys, tmp_path: Path) -> None:
    path = tmp_path / "mine.db"
    db.upgrade(db.Target(f"sqlite:///{path}", "--db"))
    try:
        main(["--db", str(path), "cases", "--json"])
    except SystemExit as exc:
        assert not exc.code
    assert json.loads(capsys.readouterr().out) == []
