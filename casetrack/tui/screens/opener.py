"""Opening a case: what its screen shows first is fetched before it opens, and fetched ahead
while the cursor rests on a case in a list, so that Enter opens it at once.

The app hands :class:`~casetrack.tui.messages.CaseSelected` and
:class:`~casetrack.tui.messages.CaseHighlighted` to a :class:`CaseOpener`; the opener knows
the case screen, the app does not.
"""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen
    from textual.timer import Timer

    from casetrack.tui.loading import Loader
    from casetrack.tui.messages import CaseHighlighted, CaseSelected
    from casetrack.tui.screens.case import CaseOpening

#: How long the cursor rests on a case before the case is fetched ahead.
PREFETCH_DELAY = 0.15
#: How long (seconds) a case fetched ahead is opened as it was fetched, without a new fetch:
#: short, as another process (a seed load) may change the database meanwhile.
PREFETCH_FRESH = 10.0
#: How many cases fetched ahead are kept.
PREFETCH_KEEP = 16


class CaseOpener:
    """Fetches cases ahead and opens them; ``fetched_ahead`` maps slug -> (when, opening),
    the oldest first."""

    def __init__(self, app: App[None], loader: Loader) -> None:
        self.app = app
        self.loader = loader
        self.fetched_ahead: dict[str, tuple[float, CaseOpening]] = {}
        self._timer: Timer | None = None

    @property
    def fetch_ahead_pending(self) -> bool:
        """A fetch ahead waits for the cursor to rest (see :data:`PREFETCH_DELAY`)."""
        return self._timer is not None

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def open(self, selected: CaseSelected) -> None:
        """Open the case: fetched first, so that its first frame shows its header and first
        timeline page (one layout instead of an empty one, then a full one). A case the
        cursor rested on moments ago was fetched then."""
        self._stop_timer()
        screen = self.app.screen
        if selected.tab in (None, "timeline"):
            fetched = self.fetched_ahead.get(selected.slug)
            if fetched is not None and time.monotonic() - fetched[0] < PREFETCH_FRESH:
                self._push(selected, screen, fetched[1])
                return
        self.loader.load(
            lambda session: fetch_opening(session, selected.slug, selected.tab),
            partial(self._push, selected, screen),
            group="open-case",
        )

    def _push(self, selected: CaseSelected, screen: Screen[object], opening: CaseOpening) -> None:
        if screen is not self.app.screen:
            return  # the user went elsewhere while it loaded (Escape, a search...)
        from casetrack.tui.screens.case import CaseScreen

        self.app.push_screen(CaseScreen(selected.slug, entry=selected.entry, tab=selected.tab, opening=opening))

    def highlighted(self, message: CaseHighlighted) -> None:
        """Fetch what the case's screen shows first, in the background. Without ``now``, after
        a short wait that lets a cursor moving down a list pass by without a fetch per row."""
        self._stop_timer()
        fetched = self.fetched_ahead.get(message.slug)
        if fetched is not None and time.monotonic() - fetched[0] < PREFETCH_FRESH / 2:
            return
        if message.now:
            self._prefetch(message.slug)
        else:
            self._timer = self.app.set_timer(PREFETCH_DELAY, partial(self._prefetch, message.slug))

    def _prefetch(self, slug: str) -> None:
        self.loader.load(
            lambda session: fetch_opening(session, slug, None),
            partial(self._keep, slug),
            group="prefetch",
            failed=lambda text: None,  # said when the user opens it, if it still fails then
        )

    def _keep(self, slug: str, opening: CaseOpening) -> None:
        self.fetched_ahead[slug] = (time.monotonic(), opening)
        while len(self.fetched_ahead) > PREFETCH_KEEP:
            self.fetched_ahead.pop(next(iter(self.fetched_ahead)))


def fetch_opening(session: Any, slug: str, tab: str | None) -> CaseOpening:
    """What a case's screen shows first. The case screen (and the services behind it) are
    imported on first use, in a worker's thread, so the first frame paints without them."""
    from casetrack.tui.screens.case import fetch_opening as fetch

    return fetch(session, slug, tab)
