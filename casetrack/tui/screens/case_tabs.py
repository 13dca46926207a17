"""The tabs of the case screen, each a pane that loads and shows its own data.

A pane is built (its widgets mounted) and loaded the first time its tab is shown
(:meth:`CasePane.activate`), so opening a case styles and lays out one tab, not five. The case
screen hands every pane the case's header (:meth:`CasePane.show_detail`) for its counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from casetrack import services
from casetrack.tui.format import (
    DATE_WIDTH,
    ROLE_HEADINGS,
    ROLE_ORDER,
    SETTING_WIDTH,
    Col,
    d,
    link,
    plural,
    quoted,
    role_text,
)
from casetrack.tui.loading import Loader
from casetrack.tui.messages import CaseSelected, EntrySelected, PartySelected, PassageSelected, QuoteSelected
from casetrack.tui.screens.picker import Picker
from casetrack.tui.widgets import PagedTable, page_limit
from casetrack.vocab import confidence_note, label

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.widget import Widget

    from casetrack.services import (
        CaseDetail,
        CitedFact,
        QuoteEnd,
        QuotePage,
        QuoteSummary,
        RoleEntry,
        SourceRef,
        TimelineEnd,
        TimelineEntry,
        TimelinePage,
    )

PAGE = 200

TIMELINE_COLUMNS = [
    Col("date", "Date", max=DATE_WIDTH, weight=0),
    Col("kind", "Entry", max=10, weight=0),
    Col("subkind", "Type", max=16, weight=0, drop=1),
    Col("title", "Title", min=20, weight=3),
]
QUOTE_COLUMNS = [
    Col("date", "Date", max=DATE_WIDTH, weight=0, drop=2),
    Col("speaker", "Speaker", min=12, max=28, weight=1),
    Col("setting", "Setting", max=SETTING_WIDTH, weight=0, drop=1),
    Col("text", "Quote", min=20, weight=3),
]
SOURCE_COLUMNS = [
    Col("what", "Supports", min=16, weight=3),
    Col("source", "Source", max=48, weight=0),  # a citation names its source whole
    Col("place", "Where", max=12, weight=0),
]


def timeline_total(detail: CaseDetail) -> int:
    """How many entries the case's timeline has (filings, depositions, rulings, events)."""
    return sum(detail.counts.get(k, 0) for k in ("filings", "depositions", "rulings", "events"))


def timeline_cells(e: TimelineEntry) -> dict[str, Any]:
    return {"date": d(e.date, "undated"), "kind": e.kind, "subkind": label(e.subkind), "title": e.title}


def quote_cells(q: QuoteSummary) -> dict[str, Any]:
    return {
        "date": d(q.date, "undated"),
        "speaker": q.speaker_name,
        "setting": label(q.setting),
        "text": quoted(q.text),
    }


def source_cells(item: CitedFact) -> dict[str, Any]:
    what, ref = item.what, item.ref
    source = ref.name + confidence_note(ref.confidence, short=True)
    return {"what": what, "source": source, "place": ref.place}


class CasePane(Loader, Vertical):
    """One tab's pane: built and loaded when first shown."""

    #: The tab's title, and what has the focus in it.
    TITLE: ClassVar[str]
    FOCUS: ClassVar[str]

    def __init__(self, slug: str, *, id: str) -> None:
        super().__init__(id=id, classes="tab-pane")
        self.slug = slug
        self.detail: CaseDetail | None = None
        self.built = False
        self.loaded = False

    def build(self) -> list[Widget]:
        """The pane's widgets."""
        raise NotImplementedError

    def start(self) -> None:
        """Load the pane's data (the first time its tab is shown)."""

    def activate(self) -> None:
        """Build the pane the first time it is shown and load its data; focus its list."""
        if not self.built:
            self.built = True
            self.mount_all(self.build())
        if not self.loaded:
            self.loaded = True
            self.start()
        self.query_one(self.FOCUS).focus()

    def show_detail(self, detail: CaseDetail) -> None:
        """The case's header has come (or come again)."""
        self.detail = detail
        if self.built:
            self.detail_shown()

    def detail_shown(self) -> None:
        """Update what the pane shows of the header (counts)."""


class TimelinePane(CasePane):
    TITLE = "Timeline"
    FOCUS = "#timeline-table"

    def __init__(self, slug: str, *, id: str, entry: tuple[str, str] | None = None) -> None:
        super().__init__(slug, id=id)
        #: (kind, slug) of the entry to put the cursor on once it is loaded.
        self.entry = entry
        self._entry_shown: TimelineEntry | None = None
        #: Where the loaded entries end: the next page starts after it (keyset pages).
        self._end: TimelineEnd | None = None

    def build(self) -> list[Widget]:
        return [
            Static("Loading timeline…", id="timeline-count", classes="count-line"),
            PagedTable(TIMELINE_COLUMNS, timeline_cells, page_size=PAGE, id="timeline-table"),
            Static("", id="timeline-detail", classes="detail-box"),
        ]

    @property
    def table(self) -> PagedTable[TimelineEntry]:
        return self.query_one("#timeline-table", PagedTable)

    def start(self) -> None:
        self.table.reset()
        self._load(0)

    def show_first_page(self, page: TimelinePage) -> None:
        """The first page, fetched before the screen opened."""
        self.loaded = True
        self.table.reset()
        self._show(0, page)

    def _load(self, offset: int) -> None:
        slug, limit, after = self.slug, page_limit(offset, PAGE), self._end if offset else None

        def fetch(session: Session) -> TimelinePage:
            return services.case_timeline_page(session=session, slug=slug, limit=limit, after=after)

        self.load(fetch, partial(self._show, offset), group="timeline")

    def _show(self, offset: int, page: TimelinePage) -> None:
        table = self.table
        if not table.add_page(offset, page.entries, last=not page.more):
            return
        self._end = page.end
        self.detail_shown()
        if offset == 0:
            self._show_entry(0)
        if self.entry is not None:
            # Opened at an entry (a quote's origin, a search hit): page on until it is loaded.
            kind, slug = self.entry
            if self._go_to_entry(kind, slug, start=offset):
                self.entry = None
            elif table.exhausted:
                self.entry = None
                self.notify(f"{label(kind).capitalize()} {slug!r} is not on this case's timeline.", severity="warning")
            else:
                table.pending = True
                self._load(len(table.items))

    def detail_shown(self) -> None:
        table = self.table
        if table.pending and not table.items:
            return
        total, loaded = (timeline_total(self.detail) if self.detail else None), len(table.items)
        if table.exhausted:
            total = loaded  # the whole timeline is loaded: count what is shown
        if total is None:
            text = f"{loaded:,}+ entries"
        elif loaded >= total:
            text = plural(loaded, "entry", "entries")
        else:
            text = f"showing {loaded:,} of {plural(total, 'entry', 'entries')}"
        self.query_one("#timeline-count", Static).update(
            Text(f"{text} by date · filings, depositions, rulings, events · Enter opens one")
        )

    def _go_to_entry(self, kind: str, slug: str, *, start: int = 0) -> bool:
        """Put the cursor on the entry if it is loaded (looking from row ``start``)."""
        table = self.table
        for row in range(start, len(table.items)):
            item = table.items[row]
            if item.kind == kind and item.slug == slug:
                table.move_cursor(row=row)
                return True
        return False

    @on(PagedTable.RowHighlighted)
    def _highlighted(self, event: PagedTable.RowHighlighted) -> None:
        event.stop()
        self._show_entry(event.cursor_row)

    @on(PagedTable.EndNeared)
    def _more(self, event: PagedTable.EndNeared) -> None:
        event.stop()
        self._load(event.offset)

    @on(PagedTable.RowSelected)
    def _selected(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        entry = self.table.item_at(event.cursor_row)
        if entry is not None:
            self.post_message(EntrySelected(entry.kind, entry.slug))

    def _show_entry(self, row: int) -> None:
        entry = self.table.item_at(row)
        if entry is self._entry_shown and entry is not None:
            return  # the row highlighted again (as rows arrive): no new layout
        self._entry_shown = entry
        detail = self.query_one("#timeline-detail", Static)
        if entry is None:
            detail.update("")
            return
        head = Content.assemble((entry.title, "bold"))
        body = Content(entry.detail or "").stylize("dim") if entry.detail else Content.styled("(no description)", "dim")
        lines = [head, cited(entry.sources), body]  # the source before the text that may be cut
        if entry.also_in_names:
            lines.append(Content.styled(f"Also in: {', '.join(entry.also_in_names)}", "italic"))
        detail.update(Content("\n").join(lines))


class PartiesPane(CasePane):
    TITLE = "Parties"
    FOCUS = "#parties-list"

    def __init__(self, slug: str, *, id: str) -> None:
        super().__init__(slug, id=id)
        #: The party on each line of the list (None for a heading).
        self.party_rows: list[RoleEntry | None] = []

    def build(self) -> list[Widget]:
        return [OptionList(id="parties-list"), Static("", id="party-detail", classes="detail-box")]

    def start(self) -> None:
        slug = self.slug
        self.load(lambda session: services.case_parties(session=session, slug=slug), self._show, group="parties")

    def _show(self, parties: list[RoleEntry]) -> None:
        olist = self.query_one("#parties-list", OptionList)
        olist.clear_options()
        options: list[Option | None] = []
        self.party_rows = []
        by_role: dict[str, list[RoleEntry]] = {}
        for row in parties:
            by_role.setdefault(row.role, []).append(row)
        roles = sorted(by_role, key=lambda r: ROLE_ORDER.index(r) if r in ROLE_ORDER else len(ROLE_ORDER))
        for role in roles:
            rows = by_role[role]
            heading = ROLE_HEADINGS.get(role, label(role).capitalize())
            if len(rows) == 1 and heading.endswith("s") and role != "counsel":
                heading = heading[:-1]
            options.append(Option(Text(f"{heading} ({len(rows)})", style="bold"), disabled=True))
            self.party_rows.append(None)
            for r in rows:
                options.append(Option(party_line(r)))
                self.party_rows.append(r)
        if not options:
            options.append(Option(Text("No parties recorded", style="dim"), disabled=True))
            self.party_rows.append(None)
        olist.add_options(options)
        first = next((i for i, r in enumerate(self.party_rows) if r is not None), None)
        if first is not None:
            olist.highlighted = first

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        row = self.party_rows[event.option_index] if event.option_index < len(self.party_rows) else None
        detail = self.query_one("#party-detail", Static)
        if row is None:
            detail.update("")
            return
        role = Content.assemble((row.party_name, "bold"), f" — {role_text(row.role, row.for_party_name)}")
        detail.update(Content("\n").join([role, cited(row.sources)]))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.party_rows[event.option_index] if event.option_index < len(self.party_rows) else None
        if row is not None:
            self.post_message(PartySelected(row.party))


class QuotesPane(CasePane):
    TITLE = "Quotes"
    FOCUS = "#quotes-table"

    #: Where the loaded quotes end: the next page starts after it (keyset pages).
    _end: QuoteEnd | None = None

    def build(self) -> list[Widget]:
        return [
            Static("Loading quotes…", id="quotes-count", classes="count-line"),
            PagedTable(QUOTE_COLUMNS, quote_cells, page_size=PAGE, id="quotes-table"),
            Static("", id="quote-detail", classes="detail-box"),
        ]

    @property
    def table(self) -> PagedTable[QuoteSummary]:
        return self.query_one("#quotes-table", PagedTable)

    def start(self) -> None:
        self.table.reset()
        self.detail_shown()
        self._load(0)

    def _load(self, offset: int) -> None:
        slug, limit, after = self.slug, page_limit(offset, PAGE), self._end if offset else None

        def fetch(session: Session) -> QuotePage:
            return services.quote_page(session=session, case=slug, limit=limit, after=after)

        self.load(fetch, partial(self._show, offset), group="quotes")

    def _show(self, offset: int, page: QuotePage) -> None:
        if not self.table.add_page(offset, page.quotes, last=not page.more):
            return
        self._end = page.end
        self.detail_shown()
        if offset == 0:
            self._show_quote(0)

    def detail_shown(self) -> None:
        table = self.table
        if table.pending and not table.items:
            return
        total = self.detail.counts.get("quotes") if self.detail else None
        loaded = len(table.items)
        if total is not None and loaded < total:
            text = f"showing {loaded:,} of {plural(total, 'quote')}"
        else:
            text = plural(loaded, "quote")
        self.query_one("#quotes-count", Static).update(Text(f"{text} · Enter opens a quote"))

    def _show_quote(self, row: int) -> None:
        item = self.table.item_at(row)
        self.query_one("#quote-detail", Static).update(quote_detail(item) if item is not None else "")

    @on(PagedTable.RowHighlighted)
    def _highlighted(self, event: PagedTable.RowHighlighted) -> None:
        event.stop()
        self._show_quote(event.cursor_row)

    @on(PagedTable.EndNeared)
    def _more(self, event: PagedTable.EndNeared) -> None:
        event.stop()
        self._load(event.offset)

    @on(PagedTable.RowSelected)
    def _selected(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        item = self.table.item_at(event.cursor_row)
        if item is not None:
            self.post_message(QuoteSelected(item.slug))


class SourcesPane(CasePane):
    """Every citation behind the case. Enter reads the cited paragraph (the source view);
    ``e`` (the case screen's key, shown on this tab) opens the record a row supports, where it
    has a page of its own (a filing, ruling, deposition, event or quote)."""

    TITLE = "Sources"
    FOCUS = "#sources-table"

    def build(self) -> list[Widget]:
        return [
            Static("Loading sources…", id="sources-count", classes="count-line"),
            PagedTable(SOURCE_COLUMNS, source_cells, id="sources-table"),  # one page: every citation
        ]

    @property
    def table(self) -> PagedTable[CitedFact]:
        return self.query_one("#sources-table", PagedTable)

    def start(self) -> None:
        self.table.reset()
        slug = self.slug
        self.load(lambda session: services.case_sources(session=session, slug=slug), self._show, group="sources")

    def _show(self, sources: list[CitedFact]) -> None:
        self.table.add_page(0, sources, last=True)
        self.query_one("#sources-count", Static).update(
            Text(f"{plural(len(sources), 'citation')} · Enter reads the paragraph, e opens what it supports")
        )

    @on(PagedTable.RowSelected)
    def _selected(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        item = self.table.item_at(event.cursor_row)
        if item is not None:
            self.post_message(PassageSelected(item.ref.ref))

    def open_record(self) -> None:
        """Open what the row under the cursor supports."""
        item = self.table.current
        if item is None:
            return
        if item.kind == "quote":
            self.post_message(QuoteSelected(item.slug))
        elif item.opens:
            self.post_message(EntrySelected(item.kind, item.slug))
        else:
            self.notify(f"A {item.kind} has no page of its own: it is shown on this case", timeout=3)


class AboutPane(CasePane):
    TITLE = "About"
    FOCUS = "#about-scroll"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("o", "related", "Open related case")]

    def action_related(self) -> None:
        """Open the related case, or choose one of several (the names the About text links)."""
        related = self.detail.related if self.detail is not None else ()
        if not related:
            self.notify("This case has no related cases", timeout=3)
        elif len(related) == 1:
            self.post_message(CaseSelected(related[0][0]))
        else:

            def chosen(slug: str | None) -> None:
                if slug is not None:
                    self.post_message(CaseSelected(slug))

            self.app.push_screen(Picker(f"{len(related)} related cases: open which?", list(related)), chosen)

    def build(self) -> list[Widget]:
        about = about_text(self.detail) if self.detail is not None else ""
        return [VerticalScroll(Static(about, id="about-text"), id="about-scroll")]

    def detail_shown(self) -> None:
        if self.detail is not None:
            self.query_one("#about-text", Static).update(about_text(self.detail))


#: The tabs of the case screen, in order, by id.
PANES: dict[str, type[CasePane]] = {
    "timeline": TimelinePane,
    "parties": PartiesPane,
    "quotes": QuotesPane,
    "sources": SourcesPane,
    "about": AboutPane,
}


def quote_detail(q: QuoteSummary) -> Content:
    """The highlighted quote in full, with who said it, where, when and the source."""
    said = [q.speaker_name, label(q.setting)]
    if q.date:
        said.append(q.date.display())
    return Content("\n").join(
        [Content.styled(quoted(q.text), "italic"), Content.styled(f"— {', '.join(said)} · {q.source.display()}", "dim")]
    )


def cited(sources: Sequence[SourceRef]) -> Content:
    """'Sources: NYT: Trump campaign memo, 21 Sep 2021, ¶3, ¶5; …', or that none is recorded."""
    if not sources:
        return Content.styled("Source: none recorded", "dim")
    return Content.styled(f"Source{'s' if len(sources) > 1 else ''}: {services.citations(sources)}", "dim")


def party_line(r: RoleEntry) -> Group:
    """A party's name (and whom they act for); dates and notes indented beneath."""
    text = Text("  ")
    text.append(r.party_name)
    if r.for_party_name:
        text.append(f" — counsel for {r.for_party_name}" if r.role == "counsel" else f" — for {r.for_party_name}")
    if r.party_kind == "organization":
        text.append("  (organization)", style="dim")
    extra = []
    if r.until:
        extra.append(f"until {r.until.display()}")
    if r.note:
        extra.append(r.note)
    if not extra:
        return Group(text)
    return Group(text, Padding(Text("; ".join(extra), style="dim"), (0, 0, 0, 4)))


def about_text(detail: CaseDetail) -> Content:
    parts: list[Content] = []

    def fact(name: str, value: str | Content | None) -> None:
        if value:
            parts.append(Content.assemble((f"{name}: ", "bold"), value))

    fact("Case", detail.case_name)
    fact("Short name", detail.short_name)
    fact("Kind", label(detail.kind))
    fact("Court", detail.court)
    fact("Docket number", detail.docket_number)
    fact("Nature of suit", detail.nature_of_suit)
    fact("Filed", d(detail.date_filed))
    fact("Terminated", d(detail.date_terminated))
    fact("Disposition", detail.disposition)
    if detail.parent:
        fact("Arises from", link(detail.parent_name or detail.parent, f"screen.open_case({detail.parent!r})"))
    if detail.children:
        links = [
            link(n, f"screen.open_case({s!r})") for s, n in zip(detail.children, detail.children_names, strict=True)
        ]
        fact("Related matters", Content(", ").join(links))
    if detail.summary:
        parts.append(Content(""))
        parts.append(Content(" ".join(detail.summary.split())))
    if detail.status_history:
        parts.append(Content(""))
        parts.append(Content.styled("Status history", "bold"))
        for st in detail.status_history:
            line = f"  {st.as_of.display():<15} {label(st.status)}"
            if st.set_by:
                line += f" — {st.set_by}"
            parts.append(Content(line))
            if st.note:
                parts.append(Content.styled(f"      {st.note}", "dim"))
            for ref in st.sources:
                parts.append(Content.styled(f"      source: {ref.display()}", "dim"))
    if detail.sources:
        parts.append(Content(""))
        parts.append(Content.styled("Sources for the case", "bold"))
        parts.extend(Content.styled(f"  {ref.display()}", "dim") for ref in detail.sources)
    return Content("\n").join(parts)
