"""One case: its header (caption, court, docket, judge, status and the status's source) and tabs."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from sqlalchemy import Engine
from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from casetrack import services
from casetrack.services import CaseDetail, QuoteSummary, RoleEntry, SourceRef, TimelineEntry
from casetrack.tui.format import ROLE_HEADINGS, ROLE_ORDER, Col, d, lab, link, plural, quoted
from casetrack.tui.messages import CaseSelected, LoadFailed, PartySelected, QuoteSelected
from casetrack.tui.screens.base import CasetrackScreen, error_text
from casetrack.tui.widgets import PagedTable, page_limit

PAGE = 200
TABS = ("timeline", "parties", "quotes", "sources", "about")

TIMELINE_COLUMNS = [
    Col("date", "Date", max=14, weight=0),
    Col("kind", "Entry", max=10, weight=0),
    Col("subkind", "Type", max=16, weight=0, drop=1),
    Col("title", "Title", min=20, weight=3),
]
QUOTE_COLUMNS = [
    Col("date", "Date", max=14, weight=0, drop=2),
    Col("speaker", "Speaker", min=12, max=28, weight=1),
    Col("setting", "Setting", max=15, weight=0, drop=1),
    Col("text", "Quote", min=20, weight=3),
]
SOURCE_COLUMNS = [
    Col("what", "Supports", min=16, weight=3),
    Col("source", "Source", min=12, max=40, weight=1),
    Col("place", "Where", max=12, weight=0),
]


def timeline_cells(e: TimelineEntry) -> dict[str, Any]:
    return {"date": d(e.date, "undated"), "kind": e.kind, "subkind": lab(e.subkind), "title": e.title}


def quote_cells(q: QuoteSummary) -> dict[str, Any]:
    return {"date": d(q.date), "speaker": q.speaker_name, "setting": lab(q.setting), "text": quoted(q.text)}


def source_cells(item: tuple[str, SourceRef]) -> dict[str, Any]:
    what, ref = item
    medium = " (medium)" if ref.confidence == "medium" else ""
    return {"what": what, "source": (ref.publisher or ref.title) + medium, "place": ref.place}


def status_line(detail: CaseDetail) -> Content:
    st = detail.status
    if st is None:
        return Content.from_markup("[b]Status:[/b] [dim]not recorded[/dim]")
    source = f" · source: {st.sources[0].display()}" if st.sources else ""
    return Content.assemble(
        ("Status: ", "bold"), (lab(st.status), "bold $accent"), f" as of {st.as_of.display()}", (source, "dim")
    )


def case_header(detail: CaseDetail) -> Content:
    facts = [lab(detail.kind), detail.court or "no court"]
    if detail.docket_number:
        facts.append(f"No. {detail.docket_number}")
    if detail.judges:
        facts.append(("Judge " if len(detail.judges) == 1 else "Judges ") + ", ".join(detail.judges))
    return Content("\n").join(
        [Content.styled(detail.case_name, "bold"), Content(" · ".join(facts)), status_line(detail)]
    )


class CaseScreen(CasetrackScreen):
    """A case: header, then Timeline / Parties / Quotes / Sources / About tabs."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "tab('timeline')", "Timeline", show=False),
        Binding("p", "tab('parties')", "Parties", show=False),
        Binding("q", "tab('quotes')", "Quotes", show=False),
        Binding("s", "tab('sources')", "Sources", show=False),
        Binding("a", "tab('about')", "About", show=False),
        Binding("left,h", "tab_step(-1)", "Prev tab", show=False),
        Binding("right,l", "tab_step(1)", "Next tab", show=False),
    ]

    class CaseLoaded(Message):
        def __init__(self, detail: CaseDetail) -> None:
            super().__init__()
            self.detail = detail

    class TimelineLoaded(Message):
        def __init__(self, offset: int, rows: list[TimelineEntry], total: int | None) -> None:
            super().__init__()
            self.offset, self.rows, self.total = offset, rows, total

    class PartiesLoaded(Message):
        def __init__(self, rows: list[RoleEntry]) -> None:
            super().__init__()
            self.rows = rows

    class QuotesLoaded(Message):
        def __init__(self, offset: int, rows: list[QuoteSummary]) -> None:
            super().__init__()
            self.offset, self.rows = offset, rows

    class SourcesLoaded(Message):
        def __init__(self, rows: list[tuple[str, SourceRef]]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self, slug: str, *, entry: tuple[str, str] | None = None, tab: str | None = None) -> None:
        super().__init__()
        self.slug = slug
        self.entry = entry
        self.initial_tab = tab if tab in TABS else "timeline"
        self.detail: CaseDetail | None = None
        self.timeline_total: int | None = None
        self.party_rows: list[RoleEntry | None] = []
        self._loaded: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="case-header")
        with TabbedContent(initial=self.initial_tab, id="case-tabs"):
            with TabPane("Timeline", id="timeline"):
                yield Static("Loading timeline…", id="timeline-count", classes="count-line")
                yield PagedTable(
                    TIMELINE_COLUMNS,
                    timeline_cells,
                    key=lambda e: f"{e.kind}:{e.slug}",
                    page_size=PAGE,
                    id="timeline-table",
                )
                yield Static("", id="timeline-detail", classes="detail-box")
            with TabPane("Parties", id="parties"):
                yield OptionList(id="parties-list")
            with TabPane("Quotes", id="quotes"):
                yield Static("Loading quotes…", id="quotes-count", classes="count-line")
                yield PagedTable(QUOTE_COLUMNS, quote_cells, key=lambda q: q.slug, page_size=PAGE, id="quotes-table")
                yield Static("", id="quote-detail", classes="detail-box")
            with TabPane("Sources", id="sources"):
                yield Static("Loading sources…", id="sources-count", classes="count-line")
                yield PagedTable(SOURCE_COLUMNS, source_cells, page_size=10**9, id="sources-table")
            with TabPane("About", id="about"), VerticalScroll(id="about-scroll"):
                yield Static("", id="about-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Case"
        self.query_one("#timeline-table", PagedTable).reset()
        self._load_case(self.engine, self.slug)
        self._load_timeline(self.engine, self.slug, 0, count=True)
        self._activate(self.initial_tab)

    # --- tabs ---------------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_tab_step(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        index = TABS.index(tabs.active) if tabs.active in TABS else 0
        tabs.active = TABS[(index + step) % len(TABS)]

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()
        if event.pane.id is not None:
            self._activate(event.pane.id)

    def _activate(self, tab: str) -> None:
        """Load a tab's data the first time it is shown, and focus its list."""
        if tab not in self._loaded:
            self._loaded.add(tab)
            if tab == "parties":
                self._load_parties(self.engine, self.slug)
            elif tab == "quotes":
                self.query_one("#quotes-table", PagedTable).reset()
                self._load_quotes(self.engine, self.slug, 0)
            elif tab == "sources":
                self.query_one("#sources-table", PagedTable).reset()
                self._load_sources(self.engine, self.slug)
        target = {
            "timeline": "#timeline-table",
            "parties": "#parties-list",
            "quotes": "#quotes-table",
            "sources": "#sources-table",
            "about": "#about-scroll",
        }[tab]
        self.query_one(target).focus()

    # --- workers ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="case")
    def _load_case(self, engine: Engine, slug: str) -> None:
        try:
            with Session(engine) as session:
                detail = services.get_case(session=session, slug=slug)
        except Exception as exc:
            self.post_message(LoadFailed(error_text(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.CaseLoaded(detail))

    @work(thread=True, exclusive=True, group="timeline")
    def _load_timeline(self, engine: Engine, slug: str, offset: int, *, count: bool) -> None:
        worker = get_current_worker()
        try:
            with Session(engine) as session:
                limit = page_limit(offset, PAGE)
                rows = services.case_timeline(session=session, slug=slug, limit=limit, offset=offset)
                total = None
                if count:
                    # A short first page is the whole timeline: no need to count.
                    short = len(rows) < limit
                    total = offset + len(rows) if short else services.count_timeline(session=session, slug=slug)
        except Exception as exc:
            self.post_message(LoadFailed(error_text(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(self.TimelineLoaded(offset, rows, total))

    @work(thread=True, exclusive=True, group="parties")
    def _load_parties(self, engine: Engine, slug: str) -> None:
        try:
            with Session(engine) as session:
                rows = services.case_parties(session=session, slug=slug)
        except Exception as exc:
            self.post_message(LoadFailed(error_text(exc)))
            return
        self.post_message(self.PartiesLoaded(rows))

    @work(thread=True, exclusive=True, group="quotes")
    def _load_quotes(self, engine: Engine, slug: str, offset: int) -> None:
        try:
            with Session(engine) as session:
                rows = services.list_quotes(session=session, case=slug, limit=page_limit(offset, PAGE), offset=offset)
        except Exception as exc:
            self.post_message(LoadFailed(error_text(exc)))
            return
        self.post_message(self.QuotesLoaded(offset, rows))

    @work(thread=True, exclusive=True, group="sources")
    def _load_sources(self, engine: Engine, slug: str) -> None:
        try:
            with Session(engine) as session:
                rows = services.case_sources(session=session, slug=slug)
        except Exception as exc:
            self.post_message(LoadFailed(error_text(exc)))
            return
        self.post_message(self.SourcesLoaded(rows))

    # --- showing ------------------------------------------------------------------------

    def on_case_screen_case_loaded(self, message: CaseLoaded) -> None:
        detail = self.detail = message.detail
        self.sub_title = detail.short_name
        self.query_one("#case-header", Static).update(case_header(detail))
        tabs = self.query_one(TabbedContent)
        counts = detail.counts
        tabs.get_tab("parties").label = Content(f"Parties ({counts.get('parties', 0)})")
        tabs.get_tab("quotes").label = Content(f"Quotes ({counts.get('quotes', 0)})")
        self.query_one("#about-text", Static).update(about_text(detail))
        self._update_quotes_count()

    def on_case_screen_timeline_loaded(self, message: TimelineLoaded) -> None:
        table = self.query_one("#timeline-table", PagedTable)
        if message.total is not None:
            self.timeline_total = message.total
        table.add_page(message.offset, message.rows)
        total = self.timeline_total
        loaded = len(table.items)
        if total is None or loaded >= total:
            text = plural(loaded, "entry", "entries") if total is not None else f"{loaded:,}+ entries"
        else:
            text = f"showing {loaded:,} of {plural(total, 'entry', 'entries')}"
        self.query_one("#timeline-count", Static).update(
            Text(f"{text} · filings, depositions, rulings and events, by date")
        )
        tabs = self.query_one(TabbedContent)
        if total is not None:
            tabs.get_tab("timeline").label = Content(f"Timeline ({total:,})")
        if message.offset == 0:
            self._show_entry(0)
            if self.entry is not None:
                self._go_to_entry(*self.entry)

    def _go_to_entry(self, kind: str, slug: str) -> None:
        table = self.query_one("#timeline-table", PagedTable)
        for row, item in enumerate(table.items):
            if item.kind == kind and item.slug == slug:
                table.move_cursor(row=row)
                return

    @on(DataTable.RowHighlighted, "#timeline-table")
    def _timeline_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_entry(event.cursor_row)

    def _show_entry(self, row: int) -> None:
        entry = self.query_one("#timeline-table", PagedTable).item_at(row)
        detail = self.query_one("#timeline-detail", Static)
        if entry is None:
            detail.update("")
            return
        head = Content.assemble((entry.title, "bold"))
        body = Content(entry.detail or "").stylize("dim") if entry.detail else Content.styled("(no description)", "dim")
        detail.update(Content("\n").join([head, body]))

    @on(DataTable.RowHighlighted, "#quotes-table")
    def _quote_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_quote(event.cursor_row)

    def _show_quote(self, row: int) -> None:
        item = self.query_one("#quotes-table", PagedTable).item_at(row)
        self.query_one("#quote-detail", Static).update(quote_detail(item) if item is not None else "")

    def on_case_screen_parties_loaded(self, message: PartiesLoaded) -> None:
        olist = self.query_one("#parties-list", OptionList)
        olist.clear_options()
        options: list[Option | None] = []
        self.party_rows = []
        by_role: dict[str, list[RoleEntry]] = {}
        for row in message.rows:
            by_role.setdefault(row.role, []).append(row)
        roles = sorted(by_role, key=lambda r: ROLE_ORDER.index(r) if r in ROLE_ORDER else len(ROLE_ORDER))
        for role in roles:
            rows = by_role[role]
            heading = ROLE_HEADINGS.get(role, lab(role).capitalize())
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

    @on(OptionList.OptionSelected, "#parties-list")
    def _party_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.party_rows[event.option_index] if event.option_index < len(self.party_rows) else None
        if row is not None:
            self.post_message(PartySelected(row.party))

    def on_case_screen_quotes_loaded(self, message: QuotesLoaded) -> None:
        self.query_one("#quotes-table", PagedTable).add_page(message.offset, message.rows)
        self._update_quotes_count()
        if message.offset == 0:
            self._show_quote(0)

    def _update_quotes_count(self) -> None:
        table = self.query_one("#quotes-table", PagedTable)
        if table.pending and not table.items:
            return
        total = self.detail.counts.get("quotes") if self.detail else None
        loaded = len(table.items)
        if total is not None and loaded < total:
            text = f"showing {loaded:,} of {plural(total, 'quote')}"
        else:
            text = plural(loaded, "quote")
        self.query_one("#quotes-count", Static).update(Text(f"{text} · Enter opens a quote"))

    def on_case_screen_sources_loaded(self, message: SourcesLoaded) -> None:
        self.query_one("#sources-table", PagedTable).add_page(0, message.rows, last=True)
        self.query_one("#sources-count", Static).update(
            Text(f"{plural(len(message.rows), 'citation')} behind this case and its records")
        )

    @on(PagedTable.EndNeared)
    def _more(self, event: PagedTable.EndNeared) -> None:
        event.stop()
        if event.table.id == "timeline-table":
            self._load_timeline(self.engine, self.slug, event.offset, count=False)
        elif event.table.id == "quotes-table":
            self._load_quotes(self.engine, self.slug, event.offset)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        table = event.data_table
        if not isinstance(table, PagedTable):
            return
        item = table.item_at(event.cursor_row)
        if table.id == "quotes-table" and item is not None:
            self.post_message(QuoteSelected(item.slug))
        elif table.id == "sources-table" and item is not None:
            what = item[0]
            if what.startswith("quote: "):
                self.post_message(QuoteSelected(what.removeprefix("quote: ")))

    def action_open_case(self, slug: str) -> None:
        self.post_message(CaseSelected(slug))


def quote_detail(q: QuoteSummary) -> Content:
    """The highlighted quote in full, with who said it, where, when and the source."""
    said = [q.speaker_name, lab(q.setting)]
    if q.date:
        said.append(q.date.display())
    return Content("\n").join(
        [Content.styled(quoted(q.text), "italic"), Content.styled(f"— {', '.join(said)} · {q.source.display()}", "dim")]
    )


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
    fact("Kind", lab(detail.kind))
    fact("Court", detail.court)
    fact("Docket number", detail.docket_number)
    fact("Nature of suit", detail.nature_of_suit)
    fact("Filed", d(detail.date_filed))
    fact("Terminated", d(detail.date_terminated))
    fact("Disposition", detail.disposition)
    if detail.parent:
        fact("Arises from", link(detail.parent, f"screen.open_case({detail.parent!r})"))
    if detail.children:
        links = [link(s, f"screen.open_case({s!r})") for s in detail.children]
        fact("Related matters", Content(", ").join(links))
    if detail.summary:
        parts.append(Content(""))
        parts.append(Content(" ".join(detail.summary.split())))
    if detail.status_history:
        parts.append(Content(""))
        parts.append(Content.styled("Status history", "bold"))
        for st in detail.status_history:
            line = f"  {st.as_of.display():<15} {lab(st.status)}"
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
