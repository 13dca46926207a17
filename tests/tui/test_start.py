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


async def _cases_shown(app, *, to_end: bool = False) -> tuple[list[str], str]:
    from tests.tui.test_flows import SIZE, static_text

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        cases = table(app, "#cases")
        while to_end and not cases.exhausted:
            await pilot.press("end")
            await settle(pilot)
        return [c.slug for c in cases.items], static_text(app, "#cases-count")


async def test_the_first_page_comes_without_sqlalchemy_and_paging_goes_on(open_app, paged_db: Path) -> None:
    """The CLI gives the app casetrack.firstpage.read: the first page and count come from it,
    the same as through SQLAlchemy, and the later pages follow on from its end. It is read on
    the main thread as the case list mounts (10 ms on 100,000 cases; a worker's thread made
    the rows come 40 ms later), with no SQLAlchemy to import."""
    from functools import partial

    from casetrack import firstpage
    from casetrack.tui.widgets import FIRST_PAGE

    calls: list[object] = []

    def first_page() -> object:
        calls.append(threading.current_thread())
        return firstpage.read(paged_db)

    engine = db.make_engine(f"sqlite:///{paged_db}", read_only=True)
    try:
        app = make_app(db_label="paged.db", open_engine=lambda: engine, first_page=first_page)
        quick, count = await _cases_shown(app)
        assert calls == [threading.main_thread()]
        assert count.startswith(f"showing {FIRST_PAGE} of 450 cases")
        assert quick == (await _cases_shown(open_app(paged_db)))[0]
        app = make_app(db_label="paged.db", open_engine=lambda: engine, first_page=partial(firstpage.read, paged_db))
        everything, count = await _cases_shown(app, to_end=True)
        assert len(everything) == len(set(everything)) == 450 and count.startswith("450 cases")
    finally:
        engine.dispose()


async def test_changed_cases_are_marked_when_the_first_page_could_come_without_sqlalchemy(
    seed_db: Path, tmp_path: Path
) -> None:
    """With a seen mark for this database, the first page is read through the database layer,
    which marks the changed cases; a first page that cannot be read plainly is read that way too."""
    from casetrack.history import Watch

    Watch(seen={"seed.db": 0}).write()  # every case loaded since: all marked
    called: list[bool] = []

    def first_page() -> None:
        called.append(True)
        return None

    engine = db.make_engine(f"sqlite:///{seed_db}", read_only=True)
    try:
        app = make_app(db_label="seed.db", open_engine=lambda: engine, first_page=first_page)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert table(app, "#cases").shown_cells(0)["name"].startswith("●")
        assert not called
        Watch().write()
        app = make_app(db_label="seed.db", open_engine=lambda: engine, first_page=first_page)
        assert len((await _cases_shown(app))[0]) > 10 and called  # read as every page is
    finally:
        engine.dispose()
