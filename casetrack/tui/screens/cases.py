"""The first screen: every case, filtered by kind, status and name, sorted by any column."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Header, Input, Select, Static

from casetrack.tui.format import CASE_KIND_WIDTH, DATE_WIDTH, STATUS_WIDTH, Col, d, plural
from casetrack.tui.loading import host
from casetrack.tui.messages import CaseHighlighted, CaseSelected
from casetrack.tui.screens.base import CasetrackScreen
from casetrack.tui.widgets import KeyBar, PagedTable, page_limit
from casetrack.vocab import CaseKind, Status, label

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from casetrack.caselist import CasePage, CaseSummary, PageEnd

PAGE = 200

COLUMNS = [
    # Kinds, statuses, dates and counts are never cut; the name and the court share what is
    # left. Narrow terminals drop Latest, then Filings, Quotes and Court, so names stay readable;
    # at 80 columns the name gives way to 22 cells so that the kind, status and date fit whole.
    Col("name", "Case", min=22, weight=3),
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
        "kind": label(c.kind),
        "court": c.court or "—",
        "status": label(c.status),
        "as_of": d(c.status_as_of),
        "activity": d(c.latest_activity),
        "filings": str(c.filings),
        "quotes": str(c.quotes),
    }


def count_line(
    loaded: int,
    total: int | None,
    *,
    exhausted: bool,
    pending: bool,
    filters: dict[str, str | None],
    sort: str,
    descending: bool,
) -> Text:
    """The line over the list: how many cases (of how many), matching what, sorted how."""
    order = f"sorted by {SORT_LABELS[sort]} {'▼' if descending else '▲'}"
    if pending and not loaded:
        return Text(f"Loading cases…  ·  {order}")
    active = [f"{k}: {label(v) if k != 'text' else repr(v)}" for k, v in filters.items() if v]
    what = " matching " + ", ".join(active) if active else ""
    if total is None:
        count = f"{plural(loaded, 'case')}{'' if exhausted else '+'}"
    elif loaded < total:
        count = f"showing {loaded:,} of {plural(total, 'case')}"
    else:
        count = plural(total, "case")
    if loaded == 0 and exhausted:
        count = "No cases"
    return Text(f"{count}{what}  ·  {order}")


def marked_cases(conn: Connection, db_label: str) -> frozenset[str]:
    """Cases changed since the reporter last marked changes seen (``casetrack seen``, or ``m``
    on What's new). Without a mark for this database nothing is marked (and nothing read)."""
    from sqlalchemy.exc import SQLAlchemyError

    from casetrack import history
    from casetrack.errors import CasetrackError

    try:
        seen = history.Watch.read().seen.get(db_label)
        if seen is None:
            return frozenset()
        return frozenset(history.changed_cases(conn, seen))
    except (CasetrackError, SQLAlchemyError):
        # A mark is a nicety: an unreadable follow list or history never stops the case list
        # (a bug still does, and is said).
        return frozenset()


class CasesTable(PagedTable["CaseSummary"]):
    pass


class CaseFilters(Horizontal):
    """The case list's filters: part of a name, typed; a kind; a status. Says each change
    with :class:`CaseFilters.Changed`, a name's once typing pauses."""

    #: Seconds of quiet after a key before the list narrows to what was typed.
    DEBOUNCE = 0.15

    class Changed(Message):
        """A filter changed."""

    def __init__(self) -> None:
        super().__init__(id="case-filters")
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Type to narrow by name…", id="name-filter", select_on_focus=False)
        yield Select([(label(k.value), k.value) for k in CaseKind], prompt="Any kind", id="kind-filter")
        yield Select([(label(s.value), s.value) for s in Status], prompt="Any status", id="status-filter")

    @property
    def values(self) -> dict[str, str | None]:
        """The filters as caselist takes them: kind, status and text (None where not set)."""
        kind = self.query_one("#kind-filter", Select).value
        status = self.query_one("#status-filter", Select).value
        text = self.query_one("#name-filter", Input).value.strip()
        return {
            "kind": kind if isinstance(kind, str) else None,
            "status": status if isinstance(status, str) else None,
            "text": text or None,
        }

    @on(Input.Changed, "#name-filter")
    def _name_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(self.DEBOUNCE, self._say_changed)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._say_changed()

    def _say_changed(self) -> None:
        self._debounce = None
        self.post_message(self.Changed())

    def flush(self) -> bool:
        """Cut a pending pause short: True if a typed change is still to be applied (the
        caller applies it; no Changed is said for it)."""
        if self._debounce is None:
            return False
        self._debounce.stop()
        self._debounce = None
        return True

    def type_in(self, character: str) -> None:
        """Go on typing in the name filter."""
        name = self.query_one("#name-filter", Input)
        name.focus()
        name.insert_text_at_cursor(character)

    def clear(self) -> bool:
        """Empty every filter without a Changed; True if any was set."""
        name = self.query_one("#name-filter", Input)
        kind = self.query_one("#kind-filter", Select)
        status = self.query_one("#status-filter", Select)
        was_set = bool(name.value) or not kind.is_blank() or not status.is_blank()
        with self.prevent(Input.Changed, Select.Changed):
            name.value = ""
            kind.clear()
            status.clear()
        return was_set


class CasesScreen(CasetrackScreen):
    """Cases: a lazily loaded table; type to narrow by name, pick kind and status, sort."""

    HELP = (
        "Every case, a page at a time. Type letters to narrow by name; Tab reaches the kind and status "
        "filters. Enter opens a case."
    )
    MOUSE_HELP = "Mouse: click a row to open it, click a column header to sort by it."

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

    def __init__(self) -> None:
        super().__init__()
        self.sort = "name"
        self.descending = False
        self.total: int | None = None
        self._generation = 0
        #: Cases changed since the last seen mark, read with the first page (None: not yet).
        self._changed: frozenset[str] | None = None
        #: Where the loaded rows end: the next page starts after it (keyset pages, so a load
        #: that commits between two pages neither repeats nor skips a case).
        self._page_end: PageEnd | None = None
        #: Whether the first page was tried without SQLAlchemy (app.first_page): once only.
        self._quick_tried = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield CaseFilters()
        yield Static("Loading cases…", id="cases-count", classes="count-line")
        yield CasesTable(COLUMNS, case_cells, page_size=PAGE, id="cases")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"Cases · {self.db_label}"
        table = self.query_one(CasesTable)
        table.set_sort(self.sort, self.descending)
        table.focus()
        self.reload()

    # --- filters and sort ----------------------------------------------------------------

    @property
    def filters(self) -> dict[str, str | None]:
        return self.query_one(CaseFilters).values

    def reload(self) -> None:
        """Start again from the first page with the current filters and sort."""
        self._generation += 1
        self.total = None
        self._page_end = None
        table = self.query_one(CasesTable)
        table.reset()
        table.set_sort(self.sort, self.descending)
        self._update_count()
        self._load(0, count=True)

    @on(CaseFilters.Changed)
    def _filters_changed(self, event: CaseFilters.Changed) -> None:
        event.stop()
        self.reload()

    @on(Input.Submitted, "#name-filter")
    def _name_submitted(self) -> None:
        self.action_focus_list()

    def action_focus_list(self) -> None:
        """To the list, narrowed by what was typed so far."""
        if self.query_one(CaseFilters).flush():
            self.reload()
        self.query_one(CasesTable).focus()

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
        self.query_one(CaseFilters).type_in(event.character)

    def action_focus_name(self) -> None:
        self.query_one("#name-filter", Input).focus()

    def action_clear_filters(self) -> None:
        changed = self.query_one(CaseFilters).clear()
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

    def _load(self, offset: int, *, count: bool) -> None:
        """A page of cases from ``offset`` with the current filters and sort; with ``count``,
        then how many cases match (the page first: it is what the user is waiting for)."""
        generation, filters, sort, descending = self._generation, dict(self.filters), self.sort, self.descending
        after = self._page_end if offset else None
        first_page = host(self).first_page
        as_it_opens = sort == "name" and not descending and not any(filters.values())
        if offset == 0 and first_page is not None and as_it_opens and self._changed is None and not self._quick_tried:
            self._quick_tried = True
            self._load_quick(first_page, generation)
            return

        marks_known, db_label = self._changed is not None, self.db_label

        def fetch(conn: Connection) -> tuple[CasePage, frozenset[str] | None]:
            # The case list needs no ORM (casetrack.caselist): imported here, in the worker's
            # thread, so the first frame paints before the database layer is loaded.
            from casetrack import caselist

            limit = page_limit(offset, PAGE)
            page = caselist.case_page(conn, sort=sort, descending=descending, limit=limit, after=after, **filters)
            # The cases to mark (●) are read once, with the first page, before it is drawn.
            return page, None if marks_known else marked_cases(conn, db_label)

        def count_cases(conn: Connection) -> int:
            from casetrack import caselist

            return caselist.count_cases(conn, **filters)

        def done(loaded: tuple[CasePage, frozenset[str] | None]) -> None:
            page, changed = loaded
            if changed is not None and self._changed is None:
                self._set_changed(changed)
            if generation != self._generation or not self._add_page(offset, page):
                return
            if count:
                self.load_core(count_cases, counted, group="count")

        def counted(total: int) -> None:
            if generation == self._generation and not self.query_one(CasesTable).exhausted:
                self.total = total
                self._update_count()

        self.load_core(fetch, done, group="cases")

    def _load_quick(self, read: Callable[[], tuple[CasePage, int] | None], generation: int) -> None:
        """The first page as the list opens, and the count, read without SQLAlchemy
        (casetrack.firstpage) when nothing is to be marked as changed; when it cannot be read
        that way, it is read as every page is.

        It is read here, on the main thread, before the first frame: a page of 60 cases takes
        about 10 ms on 100,000 cases, and a worker's thread cost more than that in handing
        the GIL back and forth with the layout of the first frame (rows came 40-80 ms later)."""
        from casetrack.errors import CasetrackError
        from casetrack.watch import Watch

        try:
            # Changed cases get marks: read through the database layer.
            found = None if Watch.read().seen.get(self.db_label) is not None else read()
        except CasetrackError:
            found = None
        if generation != self._generation:
            return
        if found is None:
            self._load(0, count=True)
            return
        page, total = found
        self._set_changed(frozenset())
        self.total = total
        self._add_page(0, page)

    def _set_changed(self, changed: frozenset[str]) -> None:
        self._changed = changed
        if changed:
            self.query_one(CasesTable).cells = partial(case_cells, changed=changed)

    def _add_page(self, offset: int, page: CasePage) -> bool:
        """Show a page loaded at ``offset``; False if it came too late (another page is there)."""
        table = self.query_one(CasesTable)
        if not table.add_page(offset, page.cases, last=not page.more):
            return False
        self._page_end = page.end
        if table.exhausted:
            # The whole list is loaded: count what it shows (a load that committed after
            # the count was taken may have added or removed cases).
            self.total = len(table.items)
        self._update_count()
        return True

    @on(PagedTable.EndNeared, "#cases")
    def _more(self, event: PagedTable.EndNeared) -> None:
        event.stop()
        self._load(event.offset, count=False)

    def _update_count(self) -> None:
        table = self.query_one(CasesTable)
        self.query_one("#cases-count", Static).update(
            count_line(
                len(table.items), self.total, exhausted=table.exhausted, pending=table.pending,
                filters=self.filters, sort=self.sort, descending=self.descending,
            )
        )  # fmt: skip

    # --- opening ------------------------------------------------------------------------

    @on(PagedTable.RowHighlighted, "#cases")
    def _highlighted(self, event: PagedTable.RowHighlighted) -> None:
        """Fetch the case under the cursor ahead, so that Enter opens it at once."""
        event.stop()
        case = self.query_one(CasesTable).item_at(event.cursor_row)
        if case is None:
            return
        if event.cursor_row == 0:
            # The list has just arrived (or Home): fetch once it is on screen.
            self.call_after_refresh(self.post_message, CaseHighlighted(case.slug, now=True))
        else:
            self.post_message(CaseHighlighted(case.slug))

    @on(PagedTable.RowSelected, "#cases")
    def _open(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        case = self.query_one(CasesTable).item_at(event.cursor_row)
        if case is not None:
            self.post_message(CaseSelected(case.slug))
