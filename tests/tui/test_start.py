"""The TUI as the CLI starts it: the frame is painted before the database layer is imported,
the engine is opened in the case list's worker thread, and a failure to open it ends the app
with the error kept for the CLI to report in one line."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import Engine

from casetrack import db
from casetrack.tui.app import make_app
from tests.tui.test_flows import table
from tests.tui.waiting import settle


def test_the_tui_modules_import_no_database_layer() -> None:
    code = (
        "import sys, casetrack.tui.app, casetrack.db\n"
        "t = casetrack.db.resolve_target('x.db'); t.display(); casetrack.db.check_sqlite_file(t, must_exist=False)\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'pydantic', 'alembic', 'casetrack.services', 'casetrack.models')\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(heavy))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


async def test_the_engine_is_opened_in_a_worker_thread_and_the_rows_come(seed_db: Path) -> None:
    opened_in: list[threading.Thread] = []
    engines: list[Engine] = []

    def open_engine() -> Engine:
        opened_in.append(threading.current_thread())
        engines.append(db.make_engine(f"sqlite:///{seed_db}", read_only=True))
        return engines[-1]

    app = make_app(db_label="seed.db", open_engine=open_engine)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert len(table(app, "#cases").items) > 10
            assert opened_in and opened_in[0] is not threading.main_thread()
            assert app.opened_engine is engines[0] and len(engines) == 1  # opened once
    finally:
        for engine in engines:
            engine.dispose()
    assert app.open_error is None


async def test_an_engine_that_cannot_open_ends_the_app_with_its_error() -> None:
    def open_engine() -> Engine:
        raise db.DatabaseError("database x.db is at revision 9999, newer than this casetrack knows")

    app = make_app(db_label="x.db", open_engine=open_engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    assert isinstance(app.open_error, db.DatabaseError)
    assert app.return_code == 1 and app.opened_engine is None
