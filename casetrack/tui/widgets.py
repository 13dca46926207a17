"""Reusable widgets. Only these carry DEFAULT_CSS; the app's look is in casetrack.tcss."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from casetrack.tui.format import Col, fit_columns

if TYPE_CHECKING:
    from textual.screen import Screen

T = TypeVar("T")

Cell = str | Text

#: The first page of a list is a little more than a 40-line terminal shows: it is what the
#: user waits for, and every row added costs the first frame time even when off screen.
#: Later pages, fetched while the user reads (``threshold`` rows before the end, at once
#: on a taller terminal), are bigger.
FIRST_PAGE = 60


def page_limit(offset: int, page_size: int) -> int:
    """How many rows to fetch at ``offset``: the short first page, then ``page_size``."""
    return min(FIRST_PAGE, page_size) if offset == 0 else page_size


#: What separates columns: each cell and label starts with it (the table has no padding).
GAP = " "


class PagedTable(DataTable[Text], Generic[T]):
    """A DataTable that holds one page of rows at a time and asks for more near the end.

    The owner fetches pages (in a worker) and hands them over with :meth:`add_page`; the
    table posts :class:`PagedTable.EndNeared` when the cursor or the scroll position comes
    within ``threshold`` rows of the last row loaded and more may exist. Columns are
    :class:`Col` specs fitted to the table's width: narrow terminals drop low-priority
    columns and ellipsize the rest. Cells are plain text, never markup.
    """

    DEFAULT_CSS = """
    PagedTable {
        height: 1fr;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # A row table: Home and End go to the first and last row loaded (DataTable's own
        # move sideways); reaching the last row loads the next page.
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    class EndNeared(Message):
        """The user came near the last loaded row and more rows may exist."""

        def __init__(self, table: PagedTable[Any], offset: int) -> None:
            super().__init__()
            self.table = table
            self.offset = offset

        @property
        def control(self) -> PagedTable[Any]:
            return self.table

    def __init__(
        self,
        columns: Sequence[Col],
        cells: Callable[[T], Mapping[str, Cell]],
        *,
        key: Callable[[T], str] | None = None,
        page_size: int = 200,
        threshold: int = 20,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        # No padding: each cell starts with one space instead, so columns are one cell
        # apart rather than two (eight columns fit in 80 cells with room for a name).
        super().__init__(cursor_type="row", zebra_stripes=True, cell_padding=0, id=id, classes=classes)
        self.specs = list(columns)
        self.cells = cells
        self.key_of = key
        self.page_size = page_size
        self.threshold = threshold
        self.items: list[T] = []
        self.exhausted = False
        self.pending = False
        self.sort_key: str | None = None
        self.sort_descending = False
        self._layout: list[tuple[Col, int]] = []
        self._natural: dict[str, int] = {}

    # --- data ----------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget every row; the owner is about to load the first page."""
        self.items = []
        self._natural = {}
        self.exhausted = False
        self.pending = True
        self.clear()

    def add_page(self, offset: int, rows: Sequence[T], *, last: bool | None = None) -> bool:
        """Append a page fetched at ``offset``. A page for another offset (stale) is ignored."""
        if offset != len(self.items):
            return False
        self.pending = False
        self.exhausted = last if last is not None else len(rows) < page_limit(offset, self.page_size)
        start = len(self.items)
        for item in rows:
            self._measure(item)
        if not self._layout:
            # The first columns, built (with the rows held so far) before these rows are
            # held: a rebuild re-adds every held row, and a row key may be added only once.
            self._relayout()
        self.items.extend(rows)
        keys = [c.key for c, _ in self._layout]
        for index, item in enumerate(rows, start):
            self.add_row(*self._row(item, keys), key=self._key(item, index))
        self._relayout()
        self.call_after_refresh(self._check_end)
        return True

    def _measure(self, item: T) -> None:
        """Widen the natural width of each column to fit this item's cells."""
        for key, value in self.cells(item).items():
            width = value.cell_len if isinstance(value, Text) else cell_len(" ".join(str(value).split()))
            if width > self._natural.get(key, 0):
                self._natural[key] = width

    def item_at(self, row: int) -> T | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    @property
    def current(self) -> T | None:
        """The item under the cursor."""
        return self.item_at(self.cursor_row) if self.row_count else None

    def _key(self, item: T, index: int) -> str:
        return self.key_of(item) if self.key_of is not None else str(index)

    def _row(self, item: T, keys: Sequence[str]) -> list[Text]:
        values = self.cells(item)
        justify = {c.key: c.justify for c in self.specs}
        out = []
        for k in keys:
            value = values.get(k, "")
            text = Text(GAP) + (value if isinstance(value, Text) else Text(" ".join(str(value).split())))
            text.no_wrap = True
            text.overflow = "ellipsis"
            text.justify = justify[k]
            out.append(text)
        return out

    # --- columns -------------------------------------------------------------------------

    def set_sort(self, key: str | None, descending: bool = False) -> None:
        self.sort_key, self.sort_descending = key, descending
        self._relayout()
        for spec, _ in self._layout:
            column = self.columns.get(ColumnKey(spec.key))
            if column is not None:
                column.label = self._label(spec)
        self._refresh_columns()

    def _label(self, spec: Col) -> Text:
        if spec.key != self.sort_key:
            return Text(GAP + spec.label, justify=spec.justify)
        return Text(GAP + spec.label + (" ▼" if self.sort_descending else " ▲"), style="bold", justify=spec.justify)

    def _available(self) -> int:
        width = self.size.width
        if self.styles.scrollbar_gutter == "stable" or self.show_vertical_scrollbar:
            width -= self.styles.scrollbar_size_vertical
        return width

    def _relayout(self) -> None:
        available = self._available()
        if available <= 0:
            # Not laid out yet (rows handed over in on_mount): guess the width the table
            # will have, the terminal's, so that the first layout does not refit the columns.
            available = (self.app.size.width or 80) - self.styles.scrollbar_size_vertical
        natural = {
            c.key: max(self._natural.get(c.key, 0), len(c.label) + (2 if c.key == self.sort_key else 0))
            for c in self.specs
        }
        layout = fit_columns(self.specs, available, natural, gap=len(GAP))
        if layout == self._layout and self.columns:
            return
        if [c.key for c, _ in layout] == [c.key for c, _ in self._layout] and self.columns:
            # Same columns: resize them in place.
            for spec, width in layout:
                column = self.columns[ColumnKey(spec.key)]
                column.width, column.auto_width = width + len(GAP), False
            self._layout = layout
            self._refresh_columns()
            return
        # Different columns: rebuild the table from the items held.
        self._layout = layout
        row = self.cursor_row
        self.clear(columns=True)
        for spec, width in layout:
            self.add_column(self._label(spec), width=width + len(GAP), key=spec.key)
        keys = [c.key for c, _ in layout]
        for index, item in enumerate(self.items):
            self.add_row(*self._row(item, keys), key=self._key(item, index))
        if self.items:
            self.move_cursor(row=min(row, len(self.items) - 1))

    def _refresh_columns(self) -> None:
        # DataTable has no public way to change a column's width after adding it.
        self._require_update_dimensions = True
        self._clear_caches()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    @property
    def visible_columns(self) -> list[str]:
        return [c.key for c, _ in self._layout]

    # --- loading more --------------------------------------------------------------------

    def _check_end(self) -> None:
        if self.pending or self.exhausted or not self.items:
            return
        bottom = max(self.cursor_row, int(self.scroll_y) + self.scrollable_content_region.height)
        if bottom >= len(self.items) - self.threshold:
            self.pending = True
            self.post_message(self.EndNeared(self, len(self.items)))

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        self._check_end()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_end()


class KeyBar(Widget, can_focus=False):
    """The screen's shown key bindings on one line, each clickable: a light Footer.

    Textual's Footer mounts a widget per key and remounts them all whenever the bindings
    change (on every focus change), which cost about a third of the time to open a case.
    This draws the same keys as one line of text and redraws it instead.
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    ALLOW_SELECT = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def keys(self) -> list[tuple[str, str, str, bool]]:
        """(key, key display, description, enabled) of each shown binding, one per action."""
        shown: dict[str, tuple[str, str, str, bool]] = {}
        palette = None
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = (key, self.app.get_key_display(binding), binding.description, active.enabled)
                continue
            if binding.show and binding.action not in shown:
                shown[binding.action] = (key, self.app.get_key_display(binding), binding.description, active.enabled)
        return [*shown.values(), *([palette] if palette else [])]

    def render(self) -> Content:
        parts: list[Content] = []
        for key, display, description, enabled in self.keys():
            action = f"app.simulate_key({key!r})"
            style = "" if enabled else "dim"
            parts.append(
                Content.assemble(
                    (f" {display} ", f"bold $footer-key-foreground on $footer-key-background {style}"),
                    (f"{description} ", f"$footer-description-foreground {style}"),
                ).stylize(f"@click={action}")
            )
        return Content("").join(parts)


class TabBar(Widget, can_focus=False):
    """A row of tab labels with an underline under the active one, each clickable.

    Drawn as two lines of text by one widget: Textual's TabbedContent builds a widget per
    tab plus an animated underline, about a third of the time to open a case. The owner
    shows the active tab's content (a ContentSwitcher) and answers :class:`TabActivated`.
    """

    DEFAULT_CSS = """
    TabBar {
        height: 2;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    ALLOW_SELECT = False

    active: reactive[str] = reactive("")

    class TabActivated(Message):
        """The user clicked a tab."""

        def __init__(self, bar: TabBar, tab: str) -> None:
            super().__init__()
            self.bar = bar
            self.tab = tab

        @property
        def control(self) -> TabBar:
            return self.bar

    def __init__(self, labels: Mapping[str, str], *, active: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = dict(labels)
        self.set_reactive(TabBar.active, active)

    def set_label(self, tab: str, label: str) -> None:
        if self.labels.get(tab) != label:
            self.labels[tab] = label
            self.refresh()

    def offset_of(self, tab: str) -> int:
        """The column where ``tab``'s label starts."""
        x = 0
        for name, label in self.labels.items():
            if name == tab:
                return x
            x += cell_len(label) + 2
        raise KeyError(tab)

    def action_activate(self, tab: str) -> None:
        self.post_message(self.TabActivated(self, tab))

    def render(self) -> Content:
        names: list[Content] = []
        bars: list[Content] = []
        for tab, label in self.labels.items():
            cell = f" {label} "
            if tab == self.active:
                names.append(Content.styled(cell, "bold $foreground"))
                bars.append(Content.styled("━" * cell_len(cell), "$block-cursor-background"))
            else:
                names.append(Content.styled(cell, "$text-muted").stylize(f"@click=activate({tab!r})"))
                bars.append(Content.styled("━" * cell_len(cell), "$panel"))
        rest = Content.styled("━" * max(0, self.size.width - sum(b.cell_length for b in bars)), "$panel")
        return Content("\n").join([Content("").join(names), Content("").join([*bars, rest])])
