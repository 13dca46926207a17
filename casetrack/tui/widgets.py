"""Reusable widgets. Only these carry DEFAULT_CSS; the app's look is in casetrack.tcss."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from casetrack.tui.format import Col, fit_columns

T = TypeVar("T")

Cell = str | Text

#: The first page of a list is a few screenfuls: it is what the user waits for, and a 100,000
#: row list shows it about as fast as a 14 row one. Later pages, fetched while the user reads
#: (``threshold`` rows before the end), are bigger.
FIRST_PAGE = 100


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
        threshold: int = 40,
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
            available = 80
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
