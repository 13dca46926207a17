"""The casetrack terminal UI: a thin App that pushes screens; each screen owns its handlers.

:func:`make_app` is the one factory, used by the CLI and by the tests. The app never writes
to the database: every read runs in a thread worker with its own ``Session(engine)``, but
one: the case list's first page as it opens, read with ``sqlite3`` alone as the list mounts
(``first_page``, casetrack.firstpage), so that the first frame has its rows.

Started from the command line, the app paints its first frame before the database layer
(SQLAlchemy, the services) is imported: it is given ``open_engine``, which the first worker
that needs the database calls in its thread, and the screens other than the case list (and
the palette's commands, and the help screen) are imported when they are first opened.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from casetrack.tui.loading import Loader
from casetrack.tui.messages import (
    CaseHighlighted,
    CaseSelected,
    EntrySelected,
    PartySelected,
    PassageSelected,
    QuoteSelected,
)
from casetrack.tui.screens.cases import CasesScreen
from casetrack.tui.screens.opener import CaseOpener

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from textual.command import Provider

    from casetrack.caserows import CasePage
    from casetrack.history import Change
    from casetrack.tui.screens.help import KeyRows
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
    "command_palette": "Command palette: cases and people by name, search, chronology, keys",
    "chronology": "Chronology: what happened across every case, by date",
}


def _casetrack_commands() -> type[Provider]:
    """The palette's cases, people and screens, imported when the palette first opens."""
    from casetrack.tui.commands import CasetrackCommands

    return CasetrackCommands


class CasetrackApp(Loader, App[None]):
    CSS_PATH = "casetrack.tcss"
    TITLE = "casetrack"
    COMMANDS: ClassVar = App.COMMANDS | {_casetrack_commands}
    #: Screens get -narrow / -short on small terminals (80x24), where the tcss gives the
    #: tables more room.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (typed by App)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "go_back", "Back"),
        Binding("slash", "search('')", "Search", key_display="/"),
        Binding("question_mark,f1", "help", "Keys", key_display="?"),
        # Not "t": letters narrow the case list, and "t" is the case screen's Timeline tab.
        Binding("ctrl+t", "chronology", "Chronology", tooltip="What happened across every case, by date"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        engine: Engine | None = None,
        *,
        db_label: str,
        open_engine: Callable[[], Engine] | None = None,
        first_page: Callable[[], tuple[CasePage, int] | None] | None = None,
    ) -> None:
        super().__init__()
        #: Reads the case list's first page and count without SQLAlchemy, when it can (the CLI
        #: gives casetrack.firstpage.read on a SQLite file); the list then opens before
        #: SQLAlchemy is imported. None: the first page is read as every page is.
        self.first_page = first_page
        if (engine is None) == (open_engine is None):
            raise ValueError("give an engine or open_engine, not both")
        self._engine = engine
        self._open_engine = open_engine
        self._engine_lock = threading.Lock()
        #: Why the database could not be opened (the app then exits; the CLI reports it).
        self.open_error: BaseException | None = None
        self.db_label = db_label
        #: Opens cases, and fetches ahead the case the cursor rests on.
        self.opener = CaseOpener(self, self)
        self._switch_interval = sys.getswitchinterval()

    @property
    def engine(self) -> Engine:
        """The database's engine; opened on first use (in a worker's thread) when the app was
        given ``open_engine``. If that fails, the app exits and keeps the error in ``open_error``."""
        if self._engine is None:
            with self._engine_lock:
                if self._engine is None:
                    if self._open_engine is None:
                        raise RuntimeError("CasetrackApp was given neither an engine nor open_engine")
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
        # scanning it: a full collection otherwise stalls a screen by 80-150 ms. Started
        # from the command line, the collector was off until now (casetrack.launch.run_tui).
        gc.freeze()
        gc.enable()
        # Workers run queries in threads; each sqlite3 call gives up the GIL and must win it
        # back from the main thread while it lays out a screen. A shorter switch interval
        # returns it within 0.5 ms instead of 5 ms, per call.
        sys.setswitchinterval(min(self._switch_interval, 0.0005))
        self._check_whats_new()

    def _check_whats_new(self) -> None:
        """Open "What's new" when a followed case changed since it was last seen."""
        from casetrack.errors import CasetrackError
        from casetrack.watch import Watch

        try:
            if not Watch.read().following:
                return  # nothing to check: the database need not be opened for it
        except CasetrackError:
            pass  # the check below says it
        from casetrack.tui.screens.whatsnew import followed_changes

        db_label = self.db_label

        def fetch(conn: Connection) -> tuple[list[Change], int, dict[str, str]]:
            from casetrack.history import Watch

            changes, latest = followed_changes(conn, db_label)
            notes = {slug: entry.get("note", "") for slug, entry in Watch.read().following.items()}
            return changes, latest, notes

        def done(found: tuple[list[Change], int, dict[str, str]]) -> None:
            if found[0]:
                self._show_whats_new(*found)

        def failed(text: str) -> None:
            if self.open_error is None:  # else the app is ending, and the CLI says why
                self.notify(text, title="Could not check followed cases", severity="warning")

        self.load_core(fetch, done, group="whats-new", failed=failed)

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
        self.opener.open(message)

    def on_case_highlighted(self, message: CaseHighlighted) -> None:
        self.opener.highlighted(message)

    # Screens other than the case list are imported when first opened: the first frame
    # paints without the services behind them.
    def on_quote_selected(self, message: QuoteSelected) -> None:
        from casetrack.tui.screens.quote import QuoteScreen

        self.push_screen(QuoteScreen(message.slug))

    def on_party_selected(self, message: PartySelected) -> None:
        from casetrack.tui.screens.person import PersonScreen

        self.push_screen(PersonScreen(message.slug))

    def on_entry_selected(self, message: EntrySelected) -> None:
        from casetrack.tui.screens.entry import EntryScreen

        self.push_screen(EntryScreen(message.kind, message.slug))

    def on_passage_selected(self, message: PassageSelected) -> None:
        from casetrack.tui.screens.source import SourceScreen

        refs = message.refs
        self.push_screen(SourceScreen(refs, index=refs.index(message.ref) if message.ref in refs else 0))

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

    def action_chronology(self) -> None:
        from casetrack.tui.screens.chronology import ChronologyScreen

        if isinstance(self.screen, ChronologyScreen):
            self.screen.action_focus_filters()
            return
        self.push_screen(ChronologyScreen())

    def action_help(self) -> None:
        from casetrack.tui.screens.help import MOUSE_HELP, HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        screen = self.screen
        title, mouse = f"Keys — {screen.sub_title or self.title}", getattr(screen, "MOUSE_HELP", MOUSE_HELP)
        self.push_screen(HelpScreen(title, screen.HELP or "", self.key_rows(screen), mouse))

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
    engine: Engine | None = None,
    *,
    db_label: str,
    open_engine: Callable[[], Engine] | None = None,
    first_page: Callable[[], tuple[CasePage, int] | None] | None = None,
) -> CasetrackApp:
    """The casetrack TUI on ``engine`` (which may be read-only), or on the engine that
    ``open_engine`` gives when the first screen asks for it; ``db_label`` names the database.
    ``first_page`` may read the case list's first page and count without SQLAlchemy."""
    return CasetrackApp(engine, db_label=db_label, open_engine=open_engine, first_page=first_page)
