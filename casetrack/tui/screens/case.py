"""One case: its header (caption, court, docket, judge, status and the status's source) and tabs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, OptionList, Static
from textual.widgets.option_list import Option

from casetrack import services
from casetrack.services import CaseDetail, QuoteSummary, RoleEntry, SourceRef, TimelineEntry
from casetrack.tui.format import DATE_WIDTH, ROLE_HEADINGS, ROLE_ORDER, SETTING_WIDTH, Col, d, link, plural, quoted
from casetrack.tui.messages import CaseSelected, PartySelected, QuoteSelected
from casetrack.tui.screens.base import CasetrackScreen
from casetrack.tui.widgets import KeyBar, PagedTable, TabBar, page_limit
from casetrack.vocab import confidence_note, label

PAGE = 200
TAB_TITLES = {"timeline": "Timeline", "parties": "Parties", "quotes": "Quotes", "sources": "Sources", "about": "About"}
TABS = tuple(TAB_TITLES)
#: What has the focus in each tab.
FOCUS_TARGETS = {
    "timeline": "#timeline-table",
    "parties": "#parties-list",
    "quotes": "#quotes-table",
    "sources": "#sources-table",
    "about": "#about-scroll",
}

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
    Col("source", "Source", min=12, max=40, weight=1),
    Col("place", "Where", max=12, weight=0),
]


@dataclass(frozen=True)
class CaseOpening:
    """What a case screen shows first, fetched before it opens (see :func:`fetch_opening`)."""

    detail: CaseDetail
    #: The first timeline page, when the case opens on its timeline.
    timeline: list[TimelineEntry] | None


def fetch_opening(session: Session, slug: str, tab: str | None) -> CaseOpening:
    """The header and (on the timeline tab) the first timeline page of a case. Runs in a
    worker thread; raises :class:`casetrack.services.NotFound` for an unknown slug."""
    detail = services.get_case(session=session, slug=slug)
    timeline = None
    if (tab or "timeline") == "timeline":
        timeline = services.case_timeline(session=session, slug=slug, limit=page_limit(0, PAGE), offset=0)
    return CaseOpening(detail, timeline)


def timeline_total(detail: CaseDetail) -> int:
    """How many entries the case's timeline has (filings, depositions, rulings, events)."""
    return sum(detail.counts.get(k, 0) for k in ("filings", "depositions", "rulings", "events"))


def timeline_cells(e: TimelineEntry) -> dict[str, Any]:
    return {"date": d(e.date, "undated"), "kind": e.kind, "subkind": label(e.subkind), "title": e.title}


def quote_cells(q: QuoteSummary) -> dict[str, Any]:
    return {"date": d(q.date), "speaker": q.speaker_name, "setting": label(q.setting), "text": quoted(q.text)}


def source_cells(item: tuple[str, SourceRef]) -> dict[str, Any]:
    what, ref = item
    source = (ref.publisher or ref.title) + confidence_note(ref.confidence, short=True)
    return {"what": what, "source": source, "place": ref.place}


def status_line(detail: CaseDetail) -> Content:
    st = detail.status
    if st is None:
        return Content.from_markup("[b]Status:[/b] [dim]not recorded[/dim]")
    source = f" · source: {st.sources[0].display()}" if st.sources else ""
    return Content.assemble(
        ("Status: ", "bold"), (label(st.status), "bold $accent"), f" as of {st.as_of.display()}", (source, "dim")
    )


def case_header(detail: CaseDetail) -> Content:
    facts = [label(detail.kind), detail.court or "no court"]
    if detail.docket_number:
        facts.append(f"No. {detail.docket_number}")
    if detail.judges:
        facts.append(("Judge " if len(detail.judges) == 1 else "Judges ") + ", ".join(detail.judges))
    return Content("\n").join(
        [Content.styled(detail.case_name, "bold"), Content(" · ".join(facts)), status_line(detail)]
    )


class CaseScreen(CasetrackScreen):
    """A case: header, then Timeline / Parties / Quotes / Sources / About tabs."""

    HELP = (
        "A case: its caption, court, docket, judge and current status with its source; the tabs hold "
        "the timeline, the parties grouped by role, the quotes, the sources and the summary."
    )

    #: The initial tab's list is focused as it is composed (only that tab is built then),
    #: not a frame later: a focus change restyles the screen.
    AUTO_FOCUS = ", ".join(FOCUS_TARGETS.values())
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "tab('timeline')", "Timeline", show=False),
        Binding("p", "tab('parties')", "Parties", show=False),
        Binding("q", "tab('quotes')", "Quotes", show=False),
        Binding("s", "tab('sources')", "Sources", show=False),
        Binding("a", "tab('about')", "About", show=False),
        Binding("left,h", "tab_step(-1)", "Prev tab", show=False),
        Binding("right,l", "tab_step(1)", "Next tab", show=False),
    ]

    def __init__(
        self,
        slug: str,
        *,
        entry: tuple[str, str] | None = None,
        tab: str | None = None,
        opening: CaseOpening | None = None,
    ) -> None:
        super().__init__()
        self.slug = slug
        self.opening = opening
        self.entry = entry
        self.initial_tab = tab if tab in TABS else "timeline"
        self.detail: CaseDetail | None = None
        self.timeline_total: int | None = None
        self.party_rows: list[RoleEntry | None] = []
        self._loaded: set[str] = set()
        self._built: set[str] = set()
        self._entry_shown: TimelineEntry | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="case-header")
        yield TabBar(TAB_TITLES, active=self.initial_tab, id="case-tabs")
        with ContentSwitcher(initial=self.initial_tab, id="case-panes"):
            for tab in TAB_TITLES:
                # Only the tab shown first is built now; the others when first shown
                # (``_activate``), so opening a case styles and lays out one tab, not five.
                with Vertical(id=tab, classes="tab-pane"):
                    if tab == self.initial_tab:
                        self._built.add(tab)
                        yield from self._pane(tab)
        yield KeyBar()

    def _pane(self, tab: str) -> list[Widget]:
        """The widgets of one tab's pane."""
        if tab == "timeline":
            return [
                Static("Loading timeline…", id="timeline-count", classes="count-line"),
                PagedTable(
                    TIMELINE_COLUMNS,
                    timeline_cells,
                    page_size=PAGE,
                    id="timeline-table",
                ),
                Static("", id="timeline-detail", classes="detail-box"),
            ]
        if tab == "parties":
            return [OptionList(id="parties-list")]
        if tab == "quotes":
            return [
                Static("Loading quotes…", id="quotes-count", classes="count-line"),
                PagedTable(QUOTE_COLUMNS, quote_cells, page_size=PAGE, id="quotes-table"),
                Static("", id="quote-detail", classes="detail-box"),
            ]
        if tab == "sources":
            return [
                Static("Loading sources…", id="sources-count", classes="count-line"),
                PagedTable(SOURCE_COLUMNS, source_cells, page_size=10**9, id="sources-table"),
            ]
        about = about_text(self.detail) if self.detail is not None else ""
        return [VerticalScroll(Static(about, id="about-text"), id="about-scroll")]

    def on_mount(self) -> None:
        self.sub_title = "Case"
        opening, self.opening = self.opening, None
        if opening is None:
            slug = self.slug
            self.load(lambda session: services.get_case(session=session, slug=slug), self._show_case, group="case")
        else:
            # Fetched before the screen opened: shown in its first frame.
            self._show_case(opening.detail)
            if opening.timeline is not None:
                self._loaded.add("timeline")
                self.query_one("#timeline-table", PagedTable).reset()
                self._show_timeline(0, opening.timeline)
        self._activate(self.initial_tab)

    # --- tabs ---------------------------------------------------------------------------

    @property
    def active_tab(self) -> str:
        return self.query_one(TabBar).active

    def action_tab(self, tab: str) -> None:
        """Show ``tab`` (built and loaded the first time)."""
        if tab not in TABS:
            return
        self.query_one(TabBar).active = tab
        self.query_one(ContentSwitcher).current = tab
        self._activate(tab)

    def action_tab_step(self, step: int) -> None:
        index = TABS.index(self.active_tab) if self.active_tab in TABS else 0
        self.action_tab(TABS[(index + step) % len(TABS)])

    @on(TabBar.TabActivated)
    def _tab_clicked(self, event: TabBar.TabActivated) -> None:
        event.stop()
        self.action_tab(event.tab)

    def _activate(self, tab: str) -> None:
        """Build a tab the first time it is shown and load its data; focus its list."""
        if tab not in self._built:
            self._built.add(tab)
            self.query_one(f"#{tab}", Vertical).mount_all(self._pane(tab))
        if tab not in self._loaded:
            self._loaded.add(tab)
            if tab == "timeline":
                self.query_one("#timeline-table", PagedTable).reset()
                self._load_timeline(0)
            elif tab == "parties":
                slug = self.slug
                self.load(lambda s: services.case_parties(session=s, slug=slug), self._show_parties, group="parties")
            elif tab == "quotes":
                self.query_one("#quotes-table", PagedTable).reset()
                self._update_quotes_count()
                self._load_quotes(0)
            elif tab == "sources":
                self.query_one("#sources-table", PagedTable).reset()
                slug = self.slug
                self.load(lambda s: services.case_sources(session=s, slug=slug), self._show_sources, group="sources")
        self.query_one(FOCUS_TARGETS[tab]).focus()

    # --- loading ----------------------------------------------------------------------

    def _load_timeline(self, offset: int) -> None:
        slug, limit = self.slug, page_limit(offset, PAGE)

        def fetch(session: Session) -> list[TimelineEntry]:
            return services.case_timeline(session=session, slug=slug, limit=limit, offset=offset)

        self.load(fetch, partial(self._show_timeline, offset), group="timeline")

    def _load_quotes(self, offset: int) -> None:
        slug, limit = self.slug, page_limit(offset, PAGE)

        def fetch(session: Session) -> list[QuoteSummary]:
            return services.list_quotes(session=session, case=slug, limit=limit, offset=offset)

        self.load(fetch, partial(self._show_quotes, offset), group="quotes")

    # --- showing ------------------------------------------------------------------------

    def _show_case(self, detail: CaseDetail) -> None:
        self.detail = detail
        self.sub_title = detail.short_name
        self.query_one("#case-header", Static).update(case_header(detail))
        tabs = self.query_one(TabBar)
        counts = detail.counts
        self.timeline_total = timeline_total(detail)
        tabs.set_label("timeline", f"Timeline ({self.timeline_total:,})")
        tabs.set_label("parties", f"Parties ({counts.get('parties', 0):,})")
        tabs.set_label("quotes", f"Quotes ({counts.get('quotes', 0):,})")
        if "timeline" in self._built:
            self._update_timeline_count()
        if "about" in self._built:
            self.query_one("#about-text", Static).update(about_text(detail))
        if "quotes" in self._built:
            self._update_quotes_count()

    def _show_timeline(self, offset: int, rows: list[TimelineEntry]) -> None:
        table = self.query_one("#timeline-table", PagedTable)
        if not table.add_page(offset, rows):
            return
        self._update_timeline_count()
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
                self._load_timeline(len(table.items))

    def _update_timeline_count(self) -> None:
        table = self.query_one("#timeline-table", PagedTable)
        if table.pending and not table.items:
            return
        total, loaded = self.timeline_total, len(table.items)
        if table.exhausted:
            total = loaded  # the whole timeline is loaded: count what is shown
        if total is None:
            text = f"{loaded:,}+ entries"
        elif loaded >= total:
            text = plural(loaded, "entry", "entries")
        else:
            text = f"showing {loaded:,} of {plural(total, 'entry', 'entries')}"
        self.query_one("#timeline-count", Static).update(
            Text(f"{text} · filings, depositions, rulings and events, by date")
        )

    def _go_to_entry(self, kind: str, slug: str, *, start: int = 0) -> bool:
        """Put the cursor on the entry if it is loaded (looking from row ``start``)."""
        table = self.query_one("#timeline-table", PagedTable)
        for row in range(start, len(table.items)):
            item = table.items[row]
            if item.kind == kind and item.slug == slug:
                table.move_cursor(row=row)
                return True
        return False

    @on(PagedTable.RowHighlighted, "#timeline-table")
    def _timeline_highlighted(self, event: PagedTable.RowHighlighted) -> None:
        event.stop()
        self._show_entry(event.cursor_row)

    def _show_entry(self, row: int) -> None:
        entry = self.query_one("#timeline-table", PagedTable).item_at(row)
        if entry is self._entry_shown and entry is not None:
            return  # the row highlighted again (as rows arrive): no new layout
        self._entry_shown = entry
        detail = self.query_one("#timeline-detail", Static)
        if entry is None:
            detail.update("")
            return
        head = Content.assemble((entry.title, "bold"))
        body = Content(entry.detail or "").stylize("dim") if entry.detail else Content.styled("(no description)", "dim")
        lines = [head, body]
        if entry.also_in_names:
            lines.append(Content.styled(f"Also in: {', '.join(entry.also_in_names)}", "italic"))
        detail.update(Content("\n").join(lines))

    @on(PagedTable.RowHighlighted, "#quotes-table")
    def _quote_highlighted(self, event: PagedTable.RowHighlighted) -> None:
        event.stop()
        self._show_quote(event.cursor_row)

    def _show_quote(self, row: int) -> None:
        item = self.query_one("#quotes-table", PagedTable).item_at(row)
        self.query_one("#quote-detail", Static).update(quote_detail(item) if item is not None else "")

    def _show_parties(self, parties: list[RoleEntry]) -> None:
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

    @on(OptionList.OptionSelected, "#parties-list")
    def _party_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.party_rows[event.option_index] if event.option_index < len(self.party_rows) else None
        if row is not None:
            self.post_message(PartySelected(row.party))

    def _show_quotes(self, offset: int, quotes: list[QuoteSummary]) -> None:
        self.query_one("#quotes-table", PagedTable).add_page(offset, quotes)
        self._update_quotes_count()
        if offset == 0:
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

    def _show_sources(self, sources: list[tuple[str, SourceRef]]) -> None:
        self.query_one("#sources-table", PagedTable).add_page(0, sources, last=True)
        self.query_one("#sources-count", Static).update(
            Text(f"{plural(len(sources), 'citation')} behind this case and its records")
        )

    @on(PagedTable.EndNeared)
    def _more(self, event: PagedTable.EndNeared) -> None:
        event.stop()
        if event.table.id == "timeline-table":
            self._load_timeline(event.offset)
        elif event.table.id == "quotes-table":
            self._load_quotes(event.offset)

    @on(PagedTable.RowSelected)
    def _row_selected(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        table = event.table
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
    said = [q.speaker_name, label(q.setting)]
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
    fact("Kind", label(detail.kind))
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
