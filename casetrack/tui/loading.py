"""The one way the TUI loads data: a service function in a thread worker with its own Session.

A screen, a pane or the app's case opener calls :meth:`Loader.load` with a function of a
``Session`` and a callback. The function runs in a thread worker (exclusive in its group, so
a newer load of the same kind cancels an older one) with a Session of its own; the result
comes back as a :class:`Loaded` message, and the callback runs on the main thread, unless the
worker was cancelled meanwhile. An error comes back as a :class:`LoadFailed` with one line
for the user (or to ``failed``, when the caller has its own way to say it).

This is the only module of the TUI that opens database sessions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

from textual.message import Message
from textual.worker import get_current_worker

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlmodel import Session
    from textual.dom import DOMNode

    from casetrack.caserows import CasePage

T = TypeVar("T")


class Host(Protocol):
    """What screens and panes may use of the app (without importing its module)."""

    engine: Engine
    db_label: str
    #: Reads the case list's first page without SQLAlchemy (casetrack.firstpage), if it can.
    first_page: Callable[[], tuple[CasePage, int] | None] | None

    def action_search(self, query: str = "") -> None: ...


def host(node: DOMNode) -> Host:
    """The running casetrack app, as the part screens may use."""
    return cast("Host", node.app)


def error_text(exc: BaseException) -> str:
    """One line for the user: casetrack's own errors as they are, driver errors shortened."""
    from casetrack.errors import CasetrackError

    if isinstance(exc, CasetrackError):
        return str(exc)
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip().splitlines()
    return f"database error: {text[0]}" if text else type(exc).__name__


class Loaded(Message, Generic[T]):
    """A load finished: ``done(value)`` runs on the main thread (see :class:`Loader`)."""

    def __init__(self, done: Callable[[T], None], value: T) -> None:
        super().__init__()
        self.done = done
        self.value = value


class LoadFailed(Message):
    """A load could not finish; the text is one line for the user."""

    def __init__(self, text: str, failed: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.text = text
        self.failed = failed


class Loader:
    """Mixed into the screen and pane base classes (and the app): ``load`` and its handlers."""

    def load(
        self,
        fetch: Callable[[Session], T],
        done: Callable[[T], None],
        *,
        group: str,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """Run ``fetch(session)`` in a thread worker; ``done(result)`` then runs on the main
        thread. A later load in the same ``group`` cancels this one. An error goes to
        ``failed`` as one line, or (without it) is shown as a notification."""

        def run(engine: Engine) -> T:
            from sqlmodel import Session

            with Session(engine) as session:
                return fetch(session)

        self._run_load(run, done, group=group, failed=failed)

    def load_core(
        self,
        fetch: Callable[[Connection], T],
        done: Callable[[T], None],
        *,
        group: str,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """As :meth:`load`, with a plain connection for SQLAlchemy Core reads (the case list):
        the first screen needs neither the ORM nor pydantic, so they are not imported for it."""

        def run(engine: Engine) -> T:
            with engine.connect() as conn:
                return fetch(conn)

        self._run_load(run, done, group=group, failed=failed)

    def load_plain(
        self,
        fetch: Callable[[], T],
        done: Callable[[T], None],
        *,
        group: str,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """As :meth:`load`, for a read that opens no engine (the case list's first page,
        read with sqlite3 while SQLAlchemy is not imported yet)."""
        self._run_load(lambda _engine: fetch(), done, group=group, failed=failed, engine=False)

    def _run_load(
        self,
        run: Callable[[Engine], T],
        done: Callable[[T], None],
        *,
        group: str,
        failed: Callable[[str], None] | None,
        engine: bool = True,
    ) -> None:
        node = cast("DOMNode", self)
        app = host(node)

        def work() -> None:
            worker = get_current_worker()
            try:
                # The engine is opened here, in the worker's thread, the first time (the CLI's
                # fast start hands the app a function that opens it): the frame paints first.
                value = run(app.engine if engine else cast("Engine", None))
            except Exception as exc:
                if not worker.is_cancelled:
                    node.post_message(LoadFailed(error_text(exc), failed))
                return
            if not worker.is_cancelled:
                node.post_message(Loaded(done, value))

        node.run_worker(work, name=group, group=group, exclusive=True, thread=True)

    def on_loaded(self, message: Loaded[Any]) -> None:
        message.stop()
        message.done(message.value)

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        if message.failed is not None:
            message.failed(message.text)
        else:
            cast("DOMNode", self).app.notify(message.text, title="Could not load", severity="error")
