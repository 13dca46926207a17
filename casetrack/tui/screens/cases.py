"""The first screen: every case, filtered by kind, status and name, sorted by any column."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Header, Input, Select, Static
from textual.worker import get_current_worker

from casetrack.tui.format import CASE_KIND_WIDTH, DATE_WIDTH, STATUS_WIDTH, Col, d, lab, plural
from casetrack.tui.messages import CaseSelected, LoadFailed
from casetrack.tui.screens.base import CasetrackScreen, error_text
from casetrack.tui.widgets import KeyBar, PagedTable, page_limit
from casetrack.vocab import CaseKind, Status

if TYPE_CHECKING:
    from casetrack.caselist import CaseSummary
    from casetrack.tui.app import CasetrackApp

PAGE = 200

COLUMNS = [
    # Kinds, statuses, dates and counts are never cut; the name and the court share what is
    # left. Narrow terminals drop Latest, then Filings, Quotes and Court, so names stay readable.
    Col("name", "Case", min=24, weight=3),
    Col("kind", "Kind", max=CASE_KIND_WIDTH, weight=0),
    Col("court", "Court", min=10, max=26, weight=1, drop=1),
    Col("status", "Status", max=STATUS_WIDTH, weight=0),
    Col("as_of", "As of", max=DATE_WIDTH, weight=0),
    Col("activity", "Latest", max=DATE_WIDTH, weight=0, drop=4),
    Col("filings", "Filings", weight=0, justify="right", drop=3),
    Col("quotes", "Quotes", weight=0, justify="right", drop=2),
]
SORT_LABELS = {c.key: c.label.lower() for c in COLUMNS}
#: Sorts that read best from the largest or latest down.
DESCENDING_FIRST = {"as_of", "activity", "filings", "quotes"}


#: Put before the name of a case that changed since the reporter last marked changes seen.
CHANGED_MARK = "● "


def case_cells(c: CaseSummary, changed: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {
        "name": CHANGED_MARK + c.short_name if c.slug in changed else c.short_name,
        "kind": lab(c.kind),
        "court": c.court or "—",
        "status": lab(c.status),
        "as_of": d(c.status_as_of),
        "activity": d(c.latest_activity),
        "filings": str(c.filings),
        "quotes": str(c.quotes),
    }


class CasesTable(PagedTable["CaseSummary"]):
    pass


class CasesScreen(CasetrackScreen):
    """Cases: a lazily loaded table; type to narrow by name, pick kind and status, sort."""

    AUTO_FOCUS = "#cases"  # focused as it is composed: no second styling pass
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "next_sort", "Sort", tooltip="Sort by the next column"),
        Binding("ctrl+r", "reverse_sort", "Reverse", tooltip="Reverse the sort order"),
        Binding("ctrl+f", "focus_name", "Filter", tooltip="Type part of a case name"),
        Binding("escape", "clear_filters", "Clear filters", show=False),
        # From the name filter, Down goes on to the narrowed list (the list's own Down
        # moves its cursor, and a Select's opens it: both take the key first).
        Binding("down", "focus_list", "To the list", show=False),
    ]

    class CasesLoaded(Message):
        def __init__(self, generation: int, offset: int, rows: list[CaseSummary]) -> None:
            super().__init__()
            self.generation, self.offset, self.rows = generation, offset, rows

    class CasesCounted(Message):
        def __init__(self, generation: int, total: int) -> None:
            super().__init__()
            self.generation, self.total = generation, total

    def __init__(self) -> None:
        super().__init__()
        self.sort = "name"
        self.descending = False
        self.total: int | None = None
        self._generation = 0
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="case-filters"):
            yield Input(placeholder="Type to narrow by name…", id="name-filter", select_on_focus=False)
            yield Select([(lab(k.value), k.value) for k in CaseKind], prompt="Any kind", id="kind-filter")
            yield Select([(lab(s.value), s.value) for s in Status], prompt="Any status", id="status-filter")
        yield Static("Loading cases…", id="cases-count", classes="count-line")
        changed = self._changed_cases()
        cells = partial(case_cells, changed=changed) if changed else case_cells
        yield CasesTable(COLUMNS, cells, page_size=PAGE, id="cases")
        yield KeyBar()

    def _changed_cases(self) -> frozenset[str]:
        """Cases changed since the reporter last marked changes seen (``casetrack seen``, or
        ``m`` on What's new). Without a mark for this database nothing is marked (and read)."""
        from casetrack.history import Watch, changed_cases

        try:
            seen = Watch.read().seen.get(self.db_label)
            if seen is None:
                return frozenset()
            with self.engine.connect() as conn:
                return frozenset(changed_cases(conn, seen))
        except Exception:
            return frozenset()  # a mark is a nicety: never stop the case list for it

    def on_mount(self) -> None:
        self.sub_title = f"Cases · {self.db_label}"
        table = self.query_one(CasesTable)
        table.set_sort(self.sort, self.descending)
        table.focus()
        self.reload()

    # --- filters and sort ----------------------------------------------------------------

    @property
    def filters(self) -> dict[str, str | None]:
        kind = self.query_one("#kind-filter", Select).value
        status = self.query_one("#status-filter", Select).value
        text = self.query_one("#name-filter", Input).value.strip()
        return {
            "kind": kind if isinstance(kind, str) else None,
            "status": status if isinstance(status, str) else None,
            "text": text or None,
        }

    def reload(self) -> None:
        """Start again from the first page with the current filters and sort."""
        self._generation += 1
        self.total = None
        table = self.query_one(CasesTable)
        table.reset()
        table.set_sort(self.sort, self.descending)
        self._update_count()
        self._load(self._generation, 0, dict(self.filters), self.sort, self.descending, count=True)

    @on(Input.Changed, "#name-filter")
    def _name_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.15, self.reload)

    @on(Input.Submitted, "#name-filter")
    def _name_submitted(self) -> None:
        self.action_focus_list()

    def action_focus_list(self) -> None:
        """To the list, narrowed by what was typed so far."""
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
            self.reload()
        self.query_one(CasesTable).focus()

    @on(Select.Changed)
    def _select_changed(self) -> None:
        self.reload()

    def on_key(self, event: events.Key) -> None:
        """Type to narrow: a letter typed on the table goes to the name filter."""
        if self.app.screen is not self:
            return  # typed after a key that opened another screen (CasetrackScreen.on_key)
        table = self.query_one(CasesTable)
        if self.focused is not table or not event.is_printable or event.character is None:
            return
        if event.character in "?/ " or not (event.character.isalnum() or event.character in ".-'’&,"):
            return
        event.stop()
        event.prevent_default()
        name = self.query_one("#name-filter", Input)
        name.focus()
        name.insert_text_at_cursor(event.character)

    def action_focus_name(self) -> None:
        self.query_one("#name-filter", Input).focus()

    def action_clear_filters(self) -> None:
        name = self.query_one("#name-filter", Input)
        kind = self.query_one("#kind-filter", Select)
        status = self.query_one("#status-filter", Select)
        changed = bool(name.value) or not kind.is_blank() or not status.is_blank()
        with self.prevent(Input.Changed, Select.Changed):
            name.value = ""
            kind.clear()
            status.clear()
        self.query_one(CasesTable).focus()
        if changed:
            self.reload()

    def set_sort(self, key: str, descending: bool | None = None) -> None:
        if descending is None:
            descending = (not self.descending) if key == self.sort else key in DESCENDING_FIRST
        self.sort, self.descending = key, descending
        self.reload()

    def action_next_sort(self) -> None:
        keys = [c.key for c in COLUMNS]
        self.set_sort(keys[(keys.index(self.sort) + 1) % len(keys)])

    def action_reverse_sort(self) -> None:
        self.set_sort(self.sort, not self.descending)

    @on(PagedTable.HeaderSelected, "#cases")
    def _header_clicked(self, event: PagedTable.HeaderSelected) -> None:
        event.stop()
        self.set_sort(event.column_key)

    # --- loading ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="cases")
    def _load(
        self,
        generation: int,
        offset: int,
        filters: dict[str, str | None],
        sort: str,
        descending: bool,
        *,
        count: bool,
    ) -> None:
        worker = get_current_worker()
        try:
            # The case list needs no ORM (casetrack.caselist); the engine is opened here, in
            # this thread, when the app was started without one (the CLI's fast start).
            from casetrack import caselist

            with self.engine.connect() as conn:
                rows = caselist.list_cases(
                    conn,
                    sort=sort,
                    descending=descending,
                    limit=page_limit(offset, PAGE),
                    offset=offset,
                    **filters,
                )
                if worker.is_cancelled:
                    return
                # The page first: it is what the user is waiting for; the count follows.
                self.post_message(self.CasesLoaded(generation, offset, rows))
                if count:
                    total = caselist.count_cases(conn, **filters)
                    if not worker.is_cancelled:
                        self.post_message(self.CasesCounted(generation, total))
        except Exception as exc:
            self.post_message(LoadFailed(error_text(exc)))

    def on_cases_screen_cases_loaded(self, message: CasesLoaded) -> None:
        if message.generation != self._generation:
            return
        table = self.query_one(CasesTable)
        table.add_page(message.offset, message.rows)
        if table.exhausted and self.total is None:
            self.total = len(table.items)
        self._update_count()

    def on_cases_screen_cases_counted(self, message: CasesCounted) -> None:
        if message.generation == self._generation:
            self.total = message.total
            self._update_count()

    @on(PagedTable.EndNeared, "#cases")
    def _more(self, event: PagedTable.EndNeared) -> None:
        event.stop()
        self._load(self._generation, event.offset, dict(self.filters), self.sort, self.descending, count=False)

    def _update_count(self) -> None:
        table = self.query_one(CasesTable)
        line = self.query_one("#cases-count", Static)
        order = f"sorted by {SORT_LABELS[self.sort]} {'▼' if self.descending else '▲'}"
        loaded = len(table.items)
        if table.pending and not loaded:
            line.update(Text(f"Loading cases…  ·  {order}"))
            return
        active = [f"{k}: {lab(v) if k != 'text' else repr(v)}" for k, v in self.filters.items() if v]
        what = " matching " + ", ".join(active) if active else ""
        if self.total is None:
            count = f"{plural(loaded, 'case')}{'' if table.exhausted else '+'}"
        elif loaded < self.total:
            count = f"showing {loaded:,} of {plural(self.total, 'case')}"
        else:
            count = plural(self.total, "case")
        if loaded == 0 and table.exhausted:
            count = "No cases"
        line.update(Text(f"{count}{what}  ·  {order}"))

    # --- opening ------------------------------------------------------------------------

    @on(PagedTable.RowHighlighted, "#cases")
    def _highlighted(self, event: PagedTable.RowHighlighted) -> None:
        """Fetch the case under the cursor ahead, so that Enter opens it at once."""
        event.stop()
        case = self.query_one(CasesTable).item_at(event.cursor_row)
        if case is None:
            return
        app = cast("CasetrackApp", self.app)
        if event.cursor_row == 0:
            # The list has just arrived (or Home): fetch once it is on screen.
            self.call_after_refresh(app.prefetch_case, case.slug, now=True)
        else:
            app.prefetch_case(case.slug)

    @on(PagedTable.RowSelected, "#cases")
    def _open(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        case = self.query_one(CasesTable).item_at(event.cursor_row)
        if case is not None:
            self.post_message(CaseSelected(case.slug))
