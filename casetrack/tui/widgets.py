"""Reusable widgets. Only these carry DEFAULT_CSS; the app's look is in casetrack.tcss."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

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


class ColumnView(ScrollView, Generic[T]):
    """Rows of items in columns fitted to the width (see :class:`PagedTable`), drawn a line at a
    time; the row ``cursor_row`` is drawn as the cursor."""

    cursor_row: reactive[int] = reactive(0, init=False)

    def __init__(
        self,
        columns: Sequence[Col],
        cells: Callable[[T], Mapping[str, Cell]],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.specs = list(columns)
        self.cells = cells
        self.items: list[T] = []
        self.sort_key: str | None = None
        self.sort_descending = False
        self._layout: list[tuple[Col, int]] = []
        self._dropped: list[Col] = []  # the columns the layout leaves out
        self._natural: dict[str, int] = {}
        self._lines: dict[int, list[Segment]] = {}  # row index -> its cells, unstyled

    def _measure(self, item: T) -> None:
        """Widen the natural width of each column to fit this item's cells."""
        for key, value in self.cells(item).items():
            width = value.cell_len if isinstance(value, Text) else cell_len(" ".join(str(value).split()))
            if width > self._natural.get(key, 0):
                self._natural[key] = width

    # --- columns -------------------------------------------------------------------------

    def set_sort(self, key: str | None, descending: bool = False) -> None:
        self.sort_key, self.sort_descending = key, descending
        self._relayout()
        self.refresh()

    def _label(self, spec: Col) -> Text:
        if spec.key != self.sort_key:
            return Text(spec.label)
        return Text(spec.label + (" ▼" if self.sort_descending else " ▲"), style="bold")

    def _available(self) -> int:
        width = self.size.width
        if width <= 0:
            # Not laid out yet (rows handed over in on_mount): guess the width the table
            # will have, the terminal's, so that the first layout does not refit the columns.
            width = self.app.size.width or 80
        return width - self.styles.scrollbar_size_vertical

    def _relayout(self) -> None:
        natural = {
            c.key: max(self._natural.get(c.key, 0), len(c.label) + (2 if c.key == self.sort_key else 0))
            for c in self.specs
        }
        layout = fit_columns(self.specs, self._available(), natural, gap=len(GAP))
        if layout != self._layout:
            self._layout = layout
            shown = {c.key for c, _ in layout}
            self._dropped = [c for c in self.specs if c.key not in shown]
            self._lines.clear()

    @property
    def visible_columns(self) -> list[str]:
        return [c.key for c, _ in self._layout]

    @property
    def dropped_columns(self) -> list[Col]:
        """The columns left out at this width (narrow terminals)."""
        return self._dropped

    @property
    def _detail_lines(self) -> int:
        """1 when columns are left out: the last line shows the cursor row's values of them."""
        return 1 if self.dropped_columns else 0

    def hidden_cells(self, row: int) -> list[tuple[str, str]]:
        """(label, value in full) of each column left out at this width, for ``row``."""
        item = self.item_at(row)
        if item is None:
            return []
        values = self.cells(item)
        return [(c.label, " ".join(str(values.get(c.key, "")).split())) for c in self.dropped_columns]

    def _detail_text(self) -> Text:
        """The detail line: the highlighted row's left-out columns ('Type: motion · Setting: …')."""
        text = Text(GAP)
        for i, (name, value) in enumerate(self.hidden_cells(self.cursor_row)):
            if i:
                text.append(" · ", style="dim")
            text.append(f"{name}: ", style="bold")
            text.append(value or "—")
        if text.cell_len > self.scrollable_content_region.width:
            text.truncate(self.scrollable_content_region.width, overflow="ellipsis")
        return text

    def _update_size(self) -> None:
        width = sum(w + len(GAP) for _, w in self._layout)
        # + the header line, and the detail line when columns are left out
        self.virtual_size = Size(width, len(self.items) + 1 + self._detail_lines)

    # --- drawing -------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    def _cell(self, value: Cell, width: int, justify: str) -> Text:
        text = value.copy() if isinstance(value, Text) else Text(" ".join(str(value).split()))
        if text.cell_len > width:
            text.truncate(width, overflow="ellipsis")
        if justify == "right":
            text.pad_left(width - text.cell_len)
        else:
            text.pad_right(width - text.cell_len)
        return Text(GAP) + text

    def shown_cells(self, row: int) -> dict[str, str]:
        """What ``row`` shows in each visible column (ellipsized to fit), by column key."""
        values = self.cells(self.items[row])
        return {c.key: self._cell(values.get(c.key, ""), width, c.justify).plain.strip() for c, width in self._layout}

    def _row_segments(self, row: int) -> list[Segment]:
        segments = self._lines.get(row)
        if segments is None:
            values = self.cells(self.items[row])
            line = Text().join(self._cell(values.get(c.key, ""), width, c.justify) for c, width in self._layout)
            segments = self._lines[row] = list(line.render(self.app.console))
        return segments

    def _header_segments(self) -> list[Segment]:
        line = Text().join(self._cell(self._label(spec), width, spec.justify) for spec, width in self._layout)
        return list(line.render(self.app.console))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        full = max(width, self.virtual_size.width)
        left = int(self.scroll_x)
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("paged-table--header")
            strip = Strip(Segment.apply_style(self._header_segments(), style))
            return strip.extend_cell_length(full, style).crop(left, left + width)
        if self._detail_lines and y == self.scrollable_content_region.height - 1:
            style = base + self.get_component_rich_style("paged-table--detail")
            strip = Strip(Segment.apply_style(list(self._detail_text().render(self.app.console)), style))
            return strip.extend_cell_length(width, style)
        row = int(self.scroll_y) + y - 1
        if row >= len(self.items):
            return Strip.blank(width, base)
        style = base
        if row % 2 == 0:
            style = base + self.get_component_rich_style("paged-table--even-row")
        post = self.get_component_rich_style("paged-table--cursor") if row == self.cursor_row else None
        strip = Strip(Segment.apply_style(self._row_segments(row), style, post))
        fill = style + post if post is not None else style
        return strip.extend_cell_length(full, fill).crop(left, left + width)

    @property
    def row_count(self) -> int:
        return len(self.items)

    def item_at(self, row: int) -> T | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    @property
    def current(self) -> T | None:
        """The item under the cursor."""
        return self.item_at(self.cursor_row)

    # --- the cursor ----------------------------------------------------------------------

    # --- the cursor row ---------------------------------------------------------------------

    @property
    def _page_rows(self) -> int:
        """Rows a screenful shows (under the header, above the detail line)."""
        return max(1, self.scrollable_content_region.height - 1 - self._detail_lines)

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self.items) - 1))

    def move_cursor(self, *, row: int) -> None:
        self.cursor_row = row

    def _scroll_to_cursor(self) -> None:
        if not self.size.height:
            # Not laid out yet (the cursor was put on a row in on_mount): once it is.
            self.call_after_refresh(self._scroll_to_cursor)
            return
        top = int(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + self._page_rows:
            self.scroll_to(y=self.cursor_row - self._page_rows + 1, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
        self._update_size()
        self.call_after_refresh(self._scroll_to_cursor)  # a smaller table: keep the cursor in view


class PagedTable(ColumnView[T], can_focus=True):
    """A table of rows (items) loaded a page at a time, with a row cursor.

    The owner fetches pages (in a worker) and hands them over with :meth:`add_page`; the
    table posts :class:`EndNeared` when the cursor or the scroll position comes within
    ``threshold`` rows of the last row loaded and more may exist. Columns are :class:`Col`
    specs fitted to the table's width: narrow terminals drop low-priority columns (the last
    line then shows the highlighted row's values of them, in full) and ellipsize the rest.
    Cells are plain text, never markup.

    It draws its lines itself (Textual's line API): a row costs nothing until it is on
    screen, then one cached line. Textual's DataTable measured and styled every row as it
    was added, about 1 ms a row: a 200-row page stalled the screen for 0.2 s.
    """

    DEFAULT_CSS = """
    PagedTable {
        height: 1fr;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .paged-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .paged-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .paged-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .paged-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .paged-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .paged-table--detail {
            background: $panel;
            color: $foreground;
        }
        & > .paged-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paged-table--header",
        "paged-table--even-row",
        "paged-table--cursor",
        "paged-table--detail",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", show=False),
        Binding("up", "cursor_up", "Move up", show=False),
        Binding("down", "cursor_down", "Move down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        # Home and End go to the first and last row loaded; reaching the last row loads
        # the next page.
        Binding("home,ctrl+home", "scroll_top", "First row", show=False),
        Binding("end,ctrl+end", "scroll_bottom", "Last row", show=False),
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

    class RowHighlighted(Message):
        """The cursor moved to ``cursor_row`` (or the first row arrived under it)."""

        def __init__(self, table: PagedTable[Any], cursor_row: int) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row

        @property
        def control(self) -> PagedTable[Any]:
            return self.table

    class RowSelected(Message):
        """Enter, or a click on the highlighted row."""

        def __init__(self, table: PagedTable[Any], cursor_row: int) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row

        @property
        def control(self) -> PagedTable[Any]:
            return self.table

    class HeaderSelected(Message):
        """A click on the header of the column ``column_key``."""

        def __init__(self, table: PagedTable[Any], column_key: str) -> None:
            super().__init__()
            self.table = table
            self.column_key = column_key

        @property
        def control(self) -> PagedTable[Any]:
            return self.table

    def __init__(
        self,
        columns: Sequence[Col],
        cells: Callable[[T], Mapping[str, Cell]],
        *,
        page_size: int = 200,
        threshold: int = 20,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(columns, cells, id=id, classes=classes)
        self.page_size = page_size
        self.threshold = threshold
        self.exhausted = False
        self.pending = False

    # --- data ----------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget every row; the owner is about to load the first page."""
        self.items = []
        self._natural = {}
        self.exhausted = False
        self.pending = True
        self._lines.clear()
        self.set_reactive(PagedTable.cursor_row, 0)
        self._update_size()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def add_page(self, offset: int, rows: Sequence[T], *, last: bool | None = None) -> bool:
        """Append a page fetched at ``offset``. A page for another offset (stale) is ignored."""
        if offset != len(self.items):
            return False
        self.pending = False
        self.exhausted = last if last is not None else len(rows) < page_limit(offset, self.page_size)
        for item in rows:
            self._measure(item)
        self.items.extend(rows)
        self._relayout()
        self._update_size()
        self.refresh()
        if offset == 0 and rows:
            self.post_message(self.RowHighlighted(self, self.cursor_row))
        self.call_after_refresh(self._check_end)
        return True

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        if old != new and self.items:
            self.post_message(self.RowHighlighted(self, new))
        self._check_end()

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_page_up(self) -> None:
        """The previous screenful: the view and the cursor move up by a page."""
        page = self._page_rows
        self.scroll_to(y=max(0, int(self.scroll_y) - page), animate=False, immediate=True)
        self.cursor_row -= page

    def action_page_down(self) -> None:
        """The next screenful: the view and the cursor move down by a page."""
        page = self._page_rows
        self.scroll_to(y=int(self.scroll_y) + page, animate=False, immediate=True)
        self.cursor_row += page

    def action_scroll_top(self) -> None:
        self.cursor_row = 0

    def action_scroll_bottom(self) -> None:
        self.cursor_row = len(self.items) - 1

    def action_select_cursor(self) -> None:
        if self.items:
            self.post_message(self.RowSelected(self, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or event.button != 1:
            return
        event.stop()
        if offset.y == 0:
            x, at = 0, offset.x + int(self.scroll_x)
            for spec, width in self._layout:
                x += width + len(GAP)
                if at < x:
                    self.post_message(self.HeaderSelected(self, spec.key))
                    return
            return
        row = int(self.scroll_y) + offset.y - 1
        if row >= len(self.items) or offset.y > self._page_rows:  # past the rows: the detail line
            return
        if row == self.cursor_row:
            self.post_message(self.RowSelected(self, row))
        else:
            self.cursor_row = row

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # --- loading more --------------------------------------------------------------------

    def _check_end(self) -> None:
        if self.pending or self.exhausted or not self.items:
            return
        bottom = max(self.cursor_row, int(self.scroll_y) + self._page_rows)
        if bottom >= len(self.items) - self.threshold:
            self.pending = True
            self.post_message(self.EndNeared(self, len(self.items)))

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
        pointer: pointer;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    ALLOW_SELECT = False
    auto_links = False  # the keys keep their own colours, not the link style

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def keys(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str, bool] | None]:
        """(key, key display, description, enabled) of each shown binding, one per action,
        and of the command palette's key (shown on the right)."""
        shown: dict[str, tuple[str, str, str, bool]] = {}
        palette = None
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            entry = (key, self.app.get_key_display(binding), binding.description, active.enabled)
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = entry
            elif binding.show and binding.action not in shown:
                shown[binding.action] = entry
        return list(shown.values()), palette

    @staticmethod
    def _key(key: str, display: str, description: str, enabled: bool) -> Content:
        style = "" if enabled else "dim"
        return Content.assemble(
            (f" {display} ", f"bold $footer-key-foreground on $footer-key-background {style}"),
            (f"{description} ", f"$footer-description-foreground {style}"),
        ).stylize(f"@click=app.simulate_key({key!r})")

    def render(self) -> Content:
        shown, palette = self.keys()
        keys = [self._key(*entry) for entry in shown]
        if palette is None:
            return Content("").join(keys)
        # The palette's key stays on the right, after a bar; the others give way to it: the
        # last keys that do not fit whole are left out (? lists them all).
        right = Content.assemble(("▏", "$footer-description-foreground 30%"), self._key(*palette))
        room = self.size.width - right.cell_length
        while keys and sum(k.cell_length for k in keys) > room:
            keys.pop()
        left = Content("").join(keys)
        return Content.assemble(left.pad_right(max(0, room - left.cell_length)), right)


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
        text-overflow: clip;
        pointer: pointer;
        & > .tab-bar--tab {
            color: $foreground 50%;
        }
        & > .tab-bar--active {
            color: $foreground;
        }
        &:ansi {
            & > .tab-bar--tab {
                text-style: dim;
            }
            & > .tab-bar--bar {
                color: $border-blurred;
            }
        }
        & > .tab-bar--bar {
            color: $foreground 10%;
        }
        & > .tab-bar--bar-active {
            color: $block-cursor-background;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"tab-bar--tab", "tab-bar--active", "tab-bar--bar", "tab-bar--bar-active"}

    ALLOW_SELECT = False
    auto_links = False  # the labels keep their own colours, not the link style

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
        def style(name: str) -> Style:
            return Style.from_rich_style(self.get_component_rich_style(name))

        names: list[Content] = []
        bars: list[Content] = []
        for tab, label in self.labels.items():
            cell = f" {label} "
            active = tab == self.active
            name = Content.styled(cell, style("tab-bar--active" if active else "tab-bar--tab"))
            names.append(name if active else name.stylize(f"@click=activate({tab!r})"))
            bar = style("tab-bar--bar-active" if active else "tab-bar--bar")
            bars.append(Content.styled("━" * cell_len(cell), bar))
        rest = Content.styled("━" * max(0, self.size.width - sum(b.cell_length for b in bars)), style("tab-bar--bar"))
        return Content("\n").join([Content("").join(names), Content("").join([*bars, rest])])


class LinkRow(Widget, can_focus=True):
    """A line that opens something: focused with Tab, opened with Enter or a click, when it
    posts ``message`` (a navigation message: CaseSelected, QuoteSelected...)."""

    DEFAULT_CSS = """
    LinkRow {
        height: auto;
        width: 1fr;
        padding: 0 1;
        pointer: pointer;
    }
    LinkRow:hover {
        background: $boost;
    }
    LinkRow:focus {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "open", "Open", show=False)]

    def __init__(self, text: str | Content, message: Callable[[], Message], *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.text = text
        self.message = message

    def render(self) -> str | Content:
        return self.text

    def action_open(self) -> None:
        self.post_message(self.message())

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_open()
