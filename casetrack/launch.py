"""The ``casetrack`` command: its entry point, one-line errors, and the TUI.

Run with no command, casetrack opens the TUI, and that is what people start it for most. The
command-line parser (Typer and Click, about 60 ms to import on a quiet machine) has nothing to
do then but read ``--db``, so ``casetrack`` and ``casetrack --db PATH`` start the TUI without
it, and a plain ``casetrack cases`` is read without it too (:mod:`casetrack.quickcli`);
everything else goes to :func:`casetrack.cli.main`, which says the same errors the same way
(:func:`guarded`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from casetrack.db import Target


def main(argv: list[str] | None = None) -> None:
    """The ``casetrack`` command."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (len(args) == 2 and args[0] == "--db" and args[1][:1] not in ("", "-")):
        guarded(args, partial(run_tui, args[1] if args else None))
        return
    from casetrack import quickcli

    quick = quickcli.parse(args)
    if quick is not None:
        guarded(args, quick)
        return
    from casetrack.cli import main as cli_main

    cli_main(args)


def guarded(args: Sequence[str], run: Callable[[], object]) -> None:
    """Run a command; user errors print one line on stderr and exit non-zero, never a traceback."""
    from casetrack.errors import CasetrackError

    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            # Bytes that are not UTF-8 reach Python as lone surrogates; SQLite and the output
            # could not carry them. The argument is shown with its bad part (and any control
            # character, which could break the line) escaped.
            shown = arg.encode("utf-8", "backslashreplace").decode("utf-8")
            shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)
            sys.stderr.write(f"casetrack: argument '{shown}' is not valid UTF-8 text\n")
            sys.exit(2)
    try:
        run()
    except CasetrackError as exc:
        sys.stderr.write(f"casetrack: {exc}\n")
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except Exception as exc:
        if "sqlalchemy" not in sys.modules:
            raise
        from sqlalchemy.exc import DBAPIError

        if isinstance(exc, DBAPIError):
            from casetrack.db import describe_db_error

            sys.stderr.write(f"casetrack: {describe_db_error(exc, _target_from_args(args))}\n")
            sys.exit(1)
        raise


def _target_from_args(args: Sequence[str]) -> Target:
    from casetrack.db import resolve_target

    db = None
    for i, arg in enumerate(args):
        if arg == "--db" and i + 1 < len(args):
            db = args[i + 1]
        elif arg.startswith("--db="):
            db = arg.split("=", 1)[1]
    return resolve_target(db)


def run_tui(db: str | None) -> None:
    """Paint the TUI's first frame at once: the app reads the first page with sqlite3 when it
    can (casetrack.firstpage), and opens the database (importing SQLAlchemy, and on the first
    run creating and seeding it) in a worker thread.

    The garbage collector is off until the app has mounted its first screen (the app turns
    it back on, after freezing what was imported): importing Textual and laying out the first
    frame make some hundred thousand objects, none of them garbage, and collecting among
    them took 10-40 ms of the start. (If the app never gets that far, it is turned back on
    here.)"""
    import gc

    gc.disable()
    try:
        _run_tui(db)
    finally:
        gc.enable()


def _run_tui(db: str | None) -> None:
    from casetrack.db import check_sqlite_file, resolve_target
    from casetrack.tui.app import make_app

    target = resolve_target(db)
    # A missing or foreign file is said before the screen is taken over, as other commands say it.
    check_sqlite_file(target, must_exist=not target.is_default)

    def open_engine() -> Engine:
        from casetrack.bootstrap import open_for_reading

        return open_for_reading(target)

    first_page = None
    path = target.sqlite_path
    if path is not None:  # the first rows without SQLAlchemy (it is imported after them)
        from casetrack import firstpage

        first_page = partial(firstpage.read, path, default=target.is_default)
    app = make_app(db_label=target.display(), open_engine=open_engine, first_page=first_page)
    try:
        app.run()
    finally:
        if app.opened_engine is not None:
            app.opened_engine.dispose()
    if app.open_error is not None:
        raise app.open_error
