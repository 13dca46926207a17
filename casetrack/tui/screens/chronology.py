"""The chronology: what happened across every case, by date (``casetrack timeline`` as a screen).

Filings, depositions, rulings, events, status changes and quotes from
:func:`casetrack.chronology.chronology`, a page at a time, filtered by a date window typed as
people write it (``Sep 2021``, ``2021-09``, ``2020-11-01``), a case, a kind and a party.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Header, Input, Select, Static

from casetrack import chronology
from casetrack.errors import UsageError
from casetrack.tui.format import DATE_WIDTH, Col, d, plural
from casetrack.tui.messages import CaseSelected, EntrySelected, QuoteSelected
from casetrack.tui.screens.base import CasetrackScreen
from casetrack.tui.widgets import KeyBar, PagedTable, page_limit
from casetrack.vocab import EventKind, FilingKind, RulingKind, Setting, Status, label

if TYPE_CHECKING:
    from sqlmodel import Session

    from casetrack.chronology import ChronologyEntry, Window

PAGE = 200
#: The widest type an entry has (a filing's, ruling's or event's kind, a status, a quote's
#: setting): the column never cuts one.
TYPE_WIDTH = max(len(label(v)) for vocab in (FilingKind, RulingKind, EventKind, Status, Setting) for v in vocab)

COLUMNS = [
    # Dates and kinds are never cut; the case and what happened share what is left. Narrow
    # terminals drop the speaker, then the type (the line under the table shows both).
    Col("date", "Date", max=DATE_WIDTH, weight=0),
    Col("kind", "Entry", max=10, weight=0),
    Col("subkind", "Type", max=TYPE_WIDTH, weight=0, drop=2),
    Col("case", "Case", min=14, max=30, weight=2, drop=1),
    Col("what", "What", min=30, weight=4),
    Col("speaker", "Said by", min=12, max=26, weight=1, drop=3),
]
#: The kinds to filter by, in the order the chronology lists entries of a day.
KIND_LABELS = {"status": "status change"}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, label(kind))


def entry_cells(e: ChronologyEntry) -> dict[str, Any]:
    return {
        "date": d(e.date, "undated"),
        "kind": label(e.kind),
        "subkind": label(e.subkind),
        "case": ", ".join(e.case_names) or "no case",
        "what": e.what,
        "speaker": e.speaker or "",
    }


def entry_detail(e: ChronologyEntry) -> Content:
    """The highlighted entry in full: every column (a narrow terminal hides some), then its text."""
    facts = [d(e.date, "undated"), kind_label(e.kind)]
    if e.subkind and e.subkind != e.kind:
        facts.append(label(e.subkind))
    facts.append(", ".join(e.case_names) or "no case")
    if e.speaker:
        facts.append(f"said by {e.speaker}")
    lines = [Content.styled(" · ".join(facts), "dim"), Content.styled(e.what, "bold")]
    if e.detail:
        lines.append(Content(" ".join(e.detail.split())))
    return Content("\n").join(lines)


class ChronologyTable(PagedTable["ChronologyEntry"]):
    pass


class ChronologyScreen(CasetrackScreen):
    """Every case's entries by date, a page at a time; filters above, the entry in full below."""

    HELP = (
        "What happened across every case, by date: filings, depositions, rulings, events, status changes "
        "and quotes. Type dates as you write them (Sep 2021, 2021-09, 20 Sep 2021): From takes the "
        "first day of its period, To the last, and an entry counts where its date overlaps. A case "
        "(its name or slug), a kind and a person narrow it further. Undated entries come last. Enter "
        "opens the entry, the quote, or (a status change) its case's status history."
    )

    AUTO_FOCUS = "#chronology"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "focus_filters", "Filter", tooltip="Type a date, a case or a person"),
        # From a filter, Down goes on to the list (a Select's own Down opens it first).
        Binding("down", "focus_list", "To the list", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.window: Window = chronology.Window()
        self.case: str | None = None
        self.kind: str | None = None
        self.party: str | None = None
        self._generation = 0
        self._end: chronology.ChronologyEnd | None = None  # where the loaded pages end
        self._debounce: Timer | None = None
        #: Why the filters as typed cannot be used (shown instead of the count).
        self._problem: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="chron-filters"):
            # Whole placeholders in the narrow fields; the tooltips show how dates may be written.
            for name, key in (("From", "chron-from"), ("To", "chron-to")):
                field = Input(placeholder=f"{name} date", id=key, classes="chron-date", select_on_focus=False)
                field.tooltip = f"{name}: a date as people write it: Sep 2021, 2021-09, 2020-11-01 or 2021"
                yield field
            yield Input(placeholder="Case", id="chron-case", select_on_focus=False)
            yield Select([(kind_label(k), k) for k in chronology.KINDS], prompt="Any entry", id="chron-kind")
            yield Input(placeholder="Person", id="chron-party", select_on_focus=False)
        yield Static("Loading the chronology…", id="chron-count", classes="count-line")
        yield ChronologyTable(COLUMNS, entry_cells, page_size=PAGE, id="chronology")
        yield Static("", id="chron-detail", classes="detail-box")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Chronology · every case"
        self.reload()

    @property
    def table(self) -> ChronologyTable:
        return self.query_one(ChronologyTable)

    # --- filters ------------------------------------------------------------------------

    def _value(self, selector: str) -> str | None:
        return self.query_one(selector, Input).value.strip() or None

    def apply_filters(self) -> None:
        """Read the filters as typed; reload when they changed, or say why they cannot be used."""
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        try:
            win = chronology.window(self._value("#chron-from"), self._value("#chron-to"), names=("From", "To"))
        except UsageError as exc:
            self._problem = str(exc)
            self._update_count()
            return
        kind = self.query_one("#chron-kind", Select).value
        wanted = (win, self._value("#chron-case"), kind if isinstance(kind, str) else None, self._value("#chron-party"))
        had_problem, self._problem = self._problem, None
        if wanted != (self.window, self.case, self.kind, self.party):
            self.window, self.case, self.kind, self.party = wanted
            self.reload()
        elif had_problem:
            self._update_count()

    @on(Input.Changed)
    def _typed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.3, self.apply_filters)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.apply_filters()
        if self._problem is None:
            self.table.focus()

    @on(Select.Changed, "#chron-kind")
    def _kind_changed(self) -> None:
        self.apply_filters()

    def action_focus_filters(self) -> None:
        self.query_one("#chron-from", Input).focus()

    def action_focus_list(self) -> None:
        """To the list, narrowed by what was typed so far."""
        if self._debounce is not None:
            self.apply_filters()
        self.table.focus()

    # --- loading ------------------------------------------------------------------------

    def reload(self) -> None:
        """Start again from the first page with the current filters."""
        self._generation += 1
        self.table.reset()
        self._update_count()
        self._show_entry(None)
        self._load(0)

    def _load(self, offset: int) -> None:
        generation, win, case, kind, party = self._generation, self.window, self.case, self.kind, self.party
        limit, after = page_limit(offset, PAGE), self._end if offset else None

        def fetch(session: Session) -> chronology.ChronologyPage:
            return chronology.chronology_page(
                session=session, start=win.start, end=win.end, case_slug=case,
                kinds=[kind] if kind else None, party=party, limit=limit, after=after,
            )  # fmt: skip

        def failed(text: str) -> None:
            if generation == self._generation:
                self._problem = text
                self.table.pending = False
                self._update_count()

        self.load(fetch, partial(self._show, generation, offset), group="chronology", failed=failed)

    def _show(self, generation: int, offset: int, page: chronology.ChronologyPage) -> None:
        if generation != self._generation:
            return
        if not self.table.add_page(offset, page.entries, last=not page.more):
            return
        self._end = page.end
        self._update_count()

    @on(PagedTable.EndNeared, "#chronology")
    def _more(self, event: PagedTable.EndNeared) -> None:
        event.stop()
        self._load(event.offset)

    def _update_count(self) -> None:
        line = self.query_one("#chron-count", Static)
        if self._problem is not None:
            line.update(Content.styled(self._problem, "$text-error"))
            return
        table = self.table
        loaded = len(table.items)
        if table.pending and not loaded:
            line.update(Text("Loading the chronology…"))
            return
        narrowed = []
        if self.window.start or self.window.end:
            narrowed.append(f"from {self.window.display()}")
        if self.case:
            narrowed.append(f"case {self.case!r}")
        if self.kind:
            narrowed.append(f"{kind_label(self.kind)}s only")
        if self.party:
            narrowed.append(f"with {self.party!r}")
        if loaded == 0 and table.exhausted:
            count = "Nothing happened" if narrowed else "Nothing recorded"
        else:
            count = f"{plural(loaded, 'entry', 'entries')}{'' if table.exhausted else '+'}"
        what = " · ".join(narrowed) if narrowed else "every case, by date, undated last"
        line.update(Text(f"{count} · {what}"))

    # --- the highlighted entry, opening ---------------------------------------------------

    def _show_entry(self, entry: ChronologyEntry | None) -> None:
        self.query_one("#chron-detail", Static).update(entry_detail(entry) if entry is not None else "")

    @on(PagedTable.RowHighlighted, "#chronology")
    def _highlighted(self, event: PagedTable.RowHighlighted) -> None:
        event.stop()
        self._show_entry(self.table.item_at(event.cursor_row))

    @on(PagedTable.RowSelected, "#chronology")
    def _open(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        entry = self.table.item_at(event.cursor_row)
        if entry is None:
            return
        if entry.kind == "quote":
            self.post_message(QuoteSelected(entry.slug))
        elif entry.kind == "status":
            # A status change is a line of its case's status history (the About tab).
            if entry.case_slugs:
                self.post_message(CaseSelected(entry.case_slugs[0], tab="about"))
        else:
            self.post_message(EntrySelected(entry.kind, entry.slug))
