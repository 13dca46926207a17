"""Scripts can read the SQLite file while a seed load (or the TUI) has it open for writing."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlmodel import Session

from casetrack import db, services
from casetrack.seed.load import load_bundle


def test_readers_see_committed_data_while_a_writer_holds_a_transaction(tmp_path: Path, bundle) -> None:
    path = tmp_path / "shared.db"
    target = db.resolve_target(str(path))
    db.upgrade(target)
    engine = db.make_engine(target.url)
    load_bundle(engine, bundle)
    engine.dispose()

    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE legal_case SET short_name = 'being edited' WHERE slug = 'dominion-v-fox'")
    try:
        # A plain script, read-only, as docs/schema.md shows.
        script = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.5)
        name = script.execute("SELECT short_name FROM legal_case WHERE slug = 'dominion-v-fox'").fetchone()
        assert name == ("Dominion v. Fox",)
        script.close()
        # casetrack's own read-only engine, as the TUI uses on a read-only file.
        reader = db.make_engine(target.url, read_only=True)
        with Session(reader) as session:
            fox = services.get_case(session=session, slug="dominion-v-fox")
            assert fox.short_name == "Dominion v. Fox"
            with reader.connect() as conn:
                assert conn.execute(text("SELECT count(*) FROM quote")).scalar_one() == len(bundle.rows["quote"])
        reader.dispose()
    finally:
        writer.execute("ROLLBACK")
        writer.close()


# --- a real seed load in another process ---------------------------------------------------

#: ``casetrack seed load`` in a child process that stops inside its transaction, after the
#: quotes are written (it writes MARKER, then waits until GO exists), then commits.
LOAD_CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path

    marker, go = Path(sys.argv[2]), Path(sys.argv[3])
    import casetrack.seed.load as load

    real_load_table = load._load_table

    def load_table(conn, name, *args):
        real_load_table(conn, name, *args)
        if name == "quote":
            marker.write_text("writing")
            while not go.exists():
                time.sleep(0.01)

    load._load_table = load_table
    from casetrack.cli import main
    main(["--db", sys.argv[1], "seed", "load", "-q"])
    """
)


@contextmanager
def load_held_open(url: str, tmp_path: Path) -> Iterator[Callable[[], subprocess.CompletedProcess[str]]]:
    """A real seed load in another process, held inside its write transaction; call the
    yielded function to let it commit and get its result."""
    script = tmp_path / "load_child.py"
    script.write_text(LOAD_CHILD)
    marker, go = tmp_path / "writing", tmp_path / "go"
    child = subprocess.Popen(
        [sys.executable, str(script), url, str(marker), str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def finish() -> subprocess.CompletedProcess[str]:
        go.touch()
        out, err = child.communicate(timeout=120)
        return subprocess.CompletedProcess(child.args, child.returncode, out, err)

    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            if child.poll() is not None:
                pytest.fail(f"the load ended before it wrote: {child.communicate()[1]}")
            assert time.monotonic() < deadline, "the load never started writing"
            time.sleep(0.01)
        yield finish
    finally:
        if child.poll() is None:
            go.touch()
            child.kill()
            child.communicate()


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from casetrack.cli import main

    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "shared.db"
    db.upgrade(db.resolve_target(str(path)))
    return path


def test_readers_are_not_blocked_by_a_load_in_another_process(capsys, empty_db: Path, tmp_path: Path, bundle) -> None:
    with load_held_open(str(empty_db), tmp_path) as finish:
        code, out, err = _cli(capsys, "--db", str(empty_db), "cases", "--json")
        assert code == 0, err
        assert json.loads(out) == []  # the snapshot before the load: nothing half-loaded
        loaded = finish()
    assert loaded.returncode == 0, loaded.stderr
    code, out, _ = _cli(capsys, "--db", str(empty_db), "cases", "--json")
    assert len(json.loads(out)) == len(bundle.rows["legal_case"])


def test_a_second_writer_that_cannot_wait_fails_on_one_line_and_writes_nothing(
    capsys, monkeypatch, migrated, db_url: str, tmp_path: Path, bundle
) -> None:
    """SQLite: the second writer waits out its busy timeout (short here). PostgreSQL: the
    first load's advisory lock refuses it at once."""
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    with load_held_open(db_url, tmp_path) as finish:
        code, out, err = _cli(capsys, "--db", db_url, "seed", "load", "-q")
        assert code == 1 and out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        if db_url.startswith("sqlite"):
            assert "is locked by another process" in lines[0]
        else:
            assert "another seed load is running on postgresql" in lines[0]
        loaded = finish()
    assert loaded.returncode == 0, loaded.stderr
    with migrated.connect() as conn:
        for table in ("legal_case", "quote", "citation"):
            count = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            assert count == len(bundle.rows[table]), table


def test_a_second_load_waits_for_the_first_and_then_loads_on_top_of_it(empty_db: Path, tmp_path: Path, bundle) -> None:
    """The second load asks for the write lock while the first holds it; once the first
    commits, the second sees its rows and changes nothing (a deferred transaction would have
    read the old snapshot and failed on its first write)."""
    waiting = threading.Event()
    engine = db.make_engine(f"sqlite:///{empty_db}")

    @event.listens_for(engine, "connect")
    def trace(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        def statement(sql: str) -> None:
            if sql.lstrip().upper().startswith(("BEGIN IMMEDIATE", "INSERT", "UPDATE")):
                waiting.set()  # the first statement that needs the write lock

        dbapi_conn.set_trace_callback(statement)

    result: dict[str, object] = {}

    def second_load() -> None:
        try:
            result["report"] = load_bundle(engine, bundle)
        except Exception as exc:
            result["error"] = exc

    with load_held_open(str(empty_db), tmp_path) as finish:
        worker = threading.Thread(target=second_load)
        worker.start()
        assert waiting.wait(timeout=60)
        loaded = finish()
        worker.join(timeout=60)
    engine.dispose()
    assert loaded.returncode == 0, loaded.stderr
    assert "error" not in result, result.get("error")
    report = result["report"]
    assert report.n_added == 0 and report.n_changed == 0  # type: ignore[attr-defined]
