"""What every casetrack screen shares: the engine, error reporting, the header and footer."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.screen import Screen

from casetrack.tui.loading import Loader, host

if TYPE_CHECKING:
    from sqlalchemy import Engine


class CasetrackScreen(Loader, Screen[None]):
    """Base class: screens load their data with :meth:`Loader.load` (a thread worker each)."""

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
        return host(self).engine

    @property
    def db_label(self) -> str:
        return host(self).db_label

    #: The screen takes typing as it opens (the search box): keys typed right after the one
    #: that opened it are passed on to it.
    TYPE_AHEAD: ClassVar[bool] = False

    def on_key(self, event: events.Key) -> None:
        # Textual sends each key to the widget focused when the key came in. Typed fast,
        # "/coom" arrives all at once, and "coom" is on its way to this screen before "/" has
        # opened the search: the app's binding would open it only once "/" has bubbled up to
        # the app, after this screen has had the letters. So "/" opens the search here, at
        # once, and the letters that follow are passed on to the search box.
        screen = self.app.screen
        if screen is self:
            if event.key == "slash" and not self.TYPE_AHEAD:
                event.stop()
                event.prevent_default()
                host(self).action_search()
            return
        if getattr(screen, "TYPE_AHEAD", False) and event.is_printable:
            event.stop()
            event.prevent_default()
            screen.post_message(events.Key(event.key, event.character))
