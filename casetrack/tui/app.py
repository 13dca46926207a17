"""The casetrack terminal UI: a thin App that pushes screens; each screen owns its handlers.

:func:`make_app` is the one factory, used by the CLI and by the tests. The app never writes
to the database: every read runs in a thread worker with its own ``Session(engine)``.

Started from the command line, the app paints its first frame before the database layer
(SQLAlchemy, the services) is imported: it is given ``open_engine``, which the case list's
first worker calls in its thread, and the screens other than the case list are imported
when they are first opened.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from casetrack.tui.commands import CasetrackCommands
from casetrack.tui.messages import (
    CaseFetched,
    CasePrefetched,
    CaseSelected,
    LoadFailed,
    PartySelected,
    QuoteSelected,
)
from casetrack.tui.screens.base import error_text
from casetrack.tui.screens.cases import CasesScreen
from casetrack.tui.screens.help import HelpScreen, KeyRows

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from casetrack.history import Change
    from casetrack.tui.screens.case import CaseOpening

#: What each screen is for, by the screen class's name (the screens other than the case list
#: are imported when first opened).
ABOUT: dict[str, str] = {
    "CasesScreen": (
        "Every case, a page at a time. Type letters to narrow by name; Tab reaches the kind and status "
        "filters. Enter opens a case."
    ),
    "CaseScreen": (
        "A case: its caption, court, docket, judge and current status with its source; the tabs hold "
        "the timeline, the parties grouped by role, the quotes, the sources and the summary."
    ),
    "QuoteScreen": "A quote with its speaker, setting, origin, case(s) and source. Click a name to open it.",
    "PersonScreen": "A person or organization: every case and role, sanctions, and every quote across cases.",
    "SearchScreen": (
        "Search as you type. Down moves to the results; Enter opens one (a filing or ruling opens its case)."
    ),
}


#: How long the cursor rests on a case before the case is fetched ahead (prefetch_case).
PREFETCH_DELAY = 0.15
#: How long (seconds) a case fetched ahead is opened as it was fetched, without a new fetch:
#: short, as another process (a seed load) may change the database meanwhile.
PREFETCH_FRESH = 10.0
#: How many cases fetched ahead are kept.
PREFETCH_KEEP = 16

#: Textual's own bindings that say nothing to a reporter, and better words for others.
HIDDEN_ACTIONS = {"copy_text", "screenshot"}
#: The keys of a list (table or option list) worth listing, in reporter's words.
LIST_ACTIONS = {
    "cursor_up": "Move up",
    "cursor_down": "Move down",
    "select_cursor": "Open",
    "select": "Open",
    "page_up": "Page up",
    "page_down": "Page down",
    "scroll_top": "First row",
    "scroll_bottom": "Last row (loads more rows on a long list)",
    "first": "First row",
    "last": "Last row",
}
ACTION_WORDS = {
    "focus_next": "Next field",
    "focus_previous": "Previous field",
    "command_palette": "Command palette: search, cases, keys",
}


def fetch_opening(engine: Engine, slug: str, tab: str | None) -> CaseOpening:
    """What a case's screen shows first (casetrack.tui.screens.case, imported on first use)."""
    from casetrack.tui.screens.case import fetch_opening as fetch

    return fetch(engine, slug, tab)


class CasetrackApp(App[None]):
    CSS_PATH = "casetrack.tcss"
    TITLE = "casetrack"
    COMMANDS: ClassVar = App.COMMANDS | {CasetrackCommands}
    #: Screens get -narrow / -short on small terminals (80x24), where the tcss gives the
    #: tables more room.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (typed by App)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "go_back", "Back"),
        Binding("slash", "search('')", "Search", key_display="/"),
        Binding("question_mark,f1", "help", "Keys", key_display="?"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self, engine: Engine | None = None, *, db_label: str, open_engine: Callable[[], Engine] | None = None
    ) -> None:
        super().__init__()
        if (engine is None) == (open_engine is None):
            raise ValueError("give an engine or open_engine, not both")
        self._engine = engine
        self._open_engine = open_engine
        self._engine_lock = threading.Lock()
        #: Why the database could not be opened (the app then exits; the CLI reports it).
        self.open_error: BaseException | None = None
        self.db_label = db_label
        #: slug -> (when, opening) of cases fetched ahead, the oldest first.
        self._prefetched: dict[str, tuple[float, CaseOpening]] = {}
        self._prefetch_timer: Timer | None = None
        self._switch_interval = sys.getswitchinterval()

    @property
    def engine(self) -> Engine:
        """The database's engine; opened on first use (in a worker's thread) when the app was
        given ``open_engine``. If that fails, the app exits and keeps the error in ``open_error``."""
        if self._engine is None:
            with self._engine_lock:
                if self._engine is None:
                    assert self._open_engine is not None
                    try:
                        self._engine = self._open_engine()
                    except BaseException as exc:
                        self.open_error = exc
                        # After a refresh: an exit before the first frame is laid out races
                        # with the widgets still mounting (Textual's Header).
                        self.call_from_thread(self.call_after_refresh, self.exit, None, 1)
                        raise
        return self._engine

    @property
    def opened_engine(self) -> Engine | None:
        """The engine if it was opened, for the caller to dispose of."""
        return self._engine

    def on_mount(self) -> None:
        # Everything imported so far (SQLAlchemy, pydantic, Textual, Rich: several hundred
        # thousand objects) lives as long as the app. Frozen, the garbage collector stops
        # scanning it: a full collection otherwise stalls a screen by 80-150 ms.
        gc.freeze()
        # Workers run queries in threads; each sqlite3 call gives up the GIL and must win it
        # back from the main thread while it lays out a screen. A shorter switch interval
        # returns it within 0.5 ms instead of 5 ms, per call.
        sys.setswitchinterval(min(self._switch_interval, 0.0005))
        self._check_whats_new()

    @work(thread=True, exclusive=True, group="whats-new")
    def _check_whats_new(self) -> None:
        """Open "What's new" when a followed case changed since it was last seen."""
        from casetrack.history import Watch
        from casetrack.tui.screens.whatsnew import followed_changes

        try:
            changes, latest = followed_changes(self.engine, self.db_label)
            notes = {slug: entry.get("note", "") for slug, entry in Watch.read().following.items()}
        except Exception as exc:
            if self.open_error is not None:
                return  # the database did not open: the app is ending, and the CLI says why
            self.call_from_thread(
                self.notify, error_text(exc), title="Could not check followed cases", severity="warning"
            )
            return
        if changes:
            self.call_from_thread(self._show_whats_new, changes, latest, notes)

    def _show_whats_new(self, changes: list[Change], latest: int, notes: dict[str, str]) -> None:
        from casetrack.tui.screens.whatsnew import WhatsNewScreen

        self.push_screen(WhatsNewScreen(changes, latest, self.db_label, notes))

    def on_unmount(self) -> None:
        sys.setswitchinterval(self._switch_interval)
        gc.unfreeze()

    def get_default_screen(self) -> Screen[None]:
        return CasesScreen()

    # --- navigation: screens post these, the app pushes the screen asked for ----------

    def on_case_selected(self, message: CaseSelected) -> None:
        # The case's header and first timeline page are fetched before its screen opens, so
        # that its first frame shows them: one layout instead of an empty one, then a full one.
        # A case the cursor rested on moments ago was fetched then (prefetch_case).
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
            self._prefetch_timer = None
        if message.tab in (None, "timeline"):
            fetched = self._prefetched.get(message.slug)
            if fetched is not None and time.monotonic() - fetched[0] < PREFETCH_FRESH:
                self.post_message(CaseFetched(message, fetched[1], self.screen))
                return
        self._fetch_case(message, self.screen)

    def prefetch_case(self, slug: str, *, now: bool = False) -> None:
        """Fetch what ``slug``'s screen shows first, in the background: the cursor rests on
        it in a list, and Enter then opens it at once. ``now`` skips the short wait that
        lets a cursor moving down a list pass by without a fetch per row."""
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
            self._prefetch_timer = None
        fetched = self._prefetched.get(slug)
        if fetched is not None and time.monotonic() - fetched[0] < PREFETCH_FRESH / 2:
            return
        if now:
            self._prefetch(slug)
        else:
            self._prefetch_timer = self.set_timer(PREFETCH_DELAY, partial(self._prefetch, slug))

    @work(thread=True, exclusive=True, group="prefetch")
    def _prefetch(self, slug: str) -> None:
        try:
            opening = fetch_opening(self.engine, slug, None)
        except Exception:
            return  # said when the user opens it, if it still fails then
        if not get_current_worker().is_cancelled:
            self.post_message(CasePrefetched(slug, opening))

    def on_case_prefetched(self, message: CasePrefetched) -> None:
        self._prefetched[message.slug] = (time.monotonic(), message.opening)
        while len(self._prefetched) > PREFETCH_KEEP:
            self._prefetched.pop(next(iter(self._prefetched)))

    @work(thread=True, exclusive=True, group="open-case")
    def _fetch_case(self, selected: CaseSelected, screen: Screen[object]) -> None:
        try:
            opening = fetch_opening(self.engine, selected.slug, selected.tab)
        except Exception as exc:
            self.post_message(LoadFailed(error_text(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(CaseFetched(selected, opening, screen))

    def on_case_fetched(self, message: CaseFetched) -> None:
        if message.screen is not self.screen:
            return  # the user went elsewhere while it loaded (Escape, a search...)
        from casetrack.tui.screens.case import CaseScreen

        selected = message.selected
        self.push_screen(CaseScreen(selected.slug, entry=selected.entry, tab=selected.tab, opening=message.opening))

    def on_load_failed(self, message: LoadFailed) -> None:
        self.notify(message.text, title="Could not load", severity="error")

    def on_quote_selected(self, message: QuoteSelected) -> None:
        from casetrack.tui.screens.quote import QuoteScreen

        self.push_screen(QuoteScreen(message.slug))

    def on_party_selected(self, message: PartySelected) -> None:
        from casetrack.tui.screens.person import PersonScreen

        self.push_screen(PersonScreen(message.slug))

    def action_go_back(self) -> None:
        if len(self.screen_stack) > 1:
            self.pop_screen()

    def action_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_search(self, query: str = "") -> None:
        from casetrack.tui.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            self.screen.action_focus_input()
            return
        self.push_screen(SearchScreen(query))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        screen = self.screen
        self.push_screen(
            HelpScreen(
                f"Keys — {screen.sub_title or self.title}", ABOUT.get(type(screen).__name__, ""), self.key_rows(screen)
            )
        )

    def key_rows(self, screen: Screen[object]) -> KeyRows:
        """The bindings active on ``screen``, merged by action, grouped by where they apply."""
        sections: dict[str, dict[tuple[int, str], tuple[list[str], str]]] = {
            "In this list": {},
            "On this screen": {},
            "Everywhere": {},
        }
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.system:
                continue
            node = active.node
            section = "Everywhere" if node is self else "On this screen" if node is screen else "In this list"
            action = binding.action.split("(")[0].split(".")[-1]
            if section == "In this list" and action not in LIST_ACTIONS:
                continue
            if action in HIDDEN_ACTIONS:
                continue
            description = (LIST_ACTIONS if section == "In this list" else ACTION_WORDS).get(action, binding.description)
            keys, _ = sections[section].setdefault((id(node), description), ([], description))
            display = self.get_key_display(binding)
            if display not in keys:
                keys.append(display)
        return [(name, [(" / ".join(keys), desc) for keys, desc in rows.values()]) for name, rows in sections.items()]


def make_app(
    engine: Engine | None = None, *, db_label: str, open_engine: Callable[[], Engine] | None = None
) -> CasetrackApp:
    """The casetrack TUI on ``engine`` (which may be read-only), or on the engine that
    ``open_engine`` gives when the first screen asks for it; ``db_label`` names the database."""
    return CasetrackApp(engine, db_label=db_label, open_engine=open_engine)
