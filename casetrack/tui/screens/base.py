"""What every casetrack screen shares: the engine, error reporting, the header and footer."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from casetrack.tui.messages import LoadFailed

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from casetrack.tui.app import CasetrackApp


def error_text(exc: BaseException) -> str:
    """One line for the user: casetrack's own errors as they are, driver errors shortened."""
    from casetrack.db import CasetrackError

    if isinstance(exc, CasetrackError):
        return str(exc)
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip().splitlines()
    return f"database error: {text[0]}" if text else type(exc).__name__


class CasetrackScreen(Screen[None]):
    """Base class: screens load their data in thread workers, each with its own Session."""

    def __init__(self) -> None:
        super().__init__()
        # Textual adds the breakpoint classes (-narrow/-wide, -short/-tall) on the first
        # Resize, after the first layout, which then restyles and lays out the whole screen
        # again. Set for the terminal's size now, that Resize changes nothing.
        width, height = self.app.size
        app = self.app
        horizontal = app.HORIZONTAL_BREAKPOINTS if self.HORIZONTAL_BREAKPOINTS is None else self.HORIZONTAL_BREAKPOINTS
        vertical = app.VERTICAL_BREAKPOINTS if self.VERTICAL_BREAKPOINTS is None else self.VERTICAL_BREAKPOINTS
        for size, points in ((width, horizontal or []), (height, vertical or [])):
            reached = [name for at, name in sorted(points) if size >= at]
            self.update_classes({name: name == reached[-1] if reached else False for _, name in points}, update=False)

    @property
    def engine(self) -> Engine:
        return cast("CasetrackApp", self.app).engine

    @property
    def db_label(self) -> str:
        return cast("CasetrackApp", self.app).db_label

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        self.notify(message.text, title="Could not load", severity="error")
