"""One case: its header (caption, court, docket, judge, status and the status's source) and tabs.

The tabs are panes (:mod:`casetrack.tui.screens.case_tabs`), each loading and showing its own
data; the screen loads the header and switches tabs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import ContentSwitcher, Header, Static

from casetrack import services
from casetrack.tui.format import link
from casetrack.tui.messages import CaseSelected, PassageSelected
from casetrack.tui.screens.base import CasetrackScreen
from casetrack.tui.screens.case_tabs import PAGE, PANES, CasePane, SourcesPane, TimelinePane, timeline_total
from casetrack.tui.widgets import KeyBar, TabBar, page_limit
from casetrack.vocab import label

if TYPE_CHECKING:
    from sqlmodel import Session

    from casetrack.services import CaseDetail, TimelinePage

TAB_TITLES = {tab: pane.TITLE for tab, pane in PANES.items()}
TABS = tuple(PANES)


@dataclass(frozen=True)
class CaseOpening:
    """What a case screen shows first, fetched before it opens (see :func:`fetch_opening`)."""

    detail: CaseDetail
    #: The first timeline page, when the case opens on its timeline.
    timeline: TimelinePage | None


def fetch_opening(session: Session, slug: str, tab: str | None) -> CaseOpening:
    """The header and (on the timeline tab) the first timeline page of a case. Runs in a
    worker thread; raises :class:`casetrack.services.NotFound` for an unknown slug."""
    detail = services.get_case(session=session, slug=slug)
    timeline = None
    if (tab or "timeline") == "timeline":
        timeline = services.case_timeline_page(session=session, slug=slug, limit=page_limit(0, PAGE))
    return CaseOpening(detail, timeline)


def status_line(detail: CaseDetail) -> Content:
    st = detail.status
    if st is None:
        return Content.from_markup("[b]Status:[/b] [dim]not recorded[/dim]")
    # Every source of the status, not only the first: 'r' reads their paragraphs.
    cited = "; ".join(ref.display() for ref in st.sources)
    noun = "source" if len(st.sources) == 1 else "sources"
    # A click on the sources reads them, as r does.
    source = link(f"{noun}: {cited}", "screen.read_status_source") if st.sources else Content("no source recorded")
    return Content.assemble(
        ("Status: ", "bold"),
        (label(st.status), "bold $accent"),
        f" as of {st.as_of.display()}",
        (" · ", "dim"),
        source.stylize("dim"),
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
        "A case: its caption, court, docket, judge and current status with its sources; the tabs hold "
        "the timeline, the parties grouped by role, the quotes, the sources and the summary. "
        "r reads the paragraph behind the status (] and [ there step through its other sources). "
        "Enter on a timeline row opens the entry in full. On the Sources tab, Enter reads the cited "
        "paragraph and e opens what the row supports (a filing, ruling, deposition, event or quote)."
    )

    #: The initial tab's list is focused as it is composed (only that tab is built then),
    #: not a frame later: a focus change restyles the screen.
    AUTO_FOCUS = ", ".join(pane.FOCUS for pane in PANES.values())
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "tab('timeline')", "Timeline", show=False),
        Binding("p", "tab('parties')", "Parties", show=False),
        Binding("q", "tab('quotes')", "Quotes", show=False),
        Binding("s", "tab('sources')", "Sources", show=False),
        Binding("a", "tab('about')", "About", show=False),
        Binding("left,h", "tab_step(-1)", "Prev tab", show=False),
        Binding("right,l", "tab_step(1)", "Next tab", show=False),
        Binding("r", "read_status_source", "Status source"),
        Binding("e", "open_record", "Open what it supports"),
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

    @property
    def timeline_total(self) -> int | None:
        """How many entries the case's timeline has, once its header is loaded."""
        return timeline_total(self.detail) if self.detail is not None else None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="case-header")
        yield TabBar(TAB_TITLES, active=self.initial_tab, id="case-tabs")
        with ContentSwitcher(initial=self.initial_tab, id="case-panes"):
            for tab, kind in PANES.items():
                pane = (
                    TimelinePane(self.slug, id=tab, entry=self.entry)
                    if kind is TimelinePane
                    else kind(self.slug, id=tab)
                )
                # Only the tab shown first is built now; the others when first shown.
                with pane:
                    if tab == self.initial_tab:
                        pane.built = True
                        yield from pane.build()
        yield KeyBar()

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
                self.query_one(TimelinePane).show_first_page(opening.timeline)
        self.pane(self.initial_tab).activate()

    def pane(self, tab: str) -> CasePane:
        return self.query_one(f"#{tab}", CasePane)

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
        self.pane(tab).activate()
        self.refresh_bindings()  # e is a key of the Sources tab

    def action_tab_step(self, step: int) -> None:
        index = TABS.index(self.active_tab) if self.active_tab in TABS else 0
        self.action_tab(TABS[(index + step) % len(TABS)])

    @on(TabBar.TabActivated)
    def _tab_clicked(self, event: TabBar.TabActivated) -> None:
        event.stop()
        self.action_tab(event.tab)

    # --- the header ---------------------------------------------------------------------

    def _show_case(self, detail: CaseDetail) -> None:
        self.detail = detail
        self.sub_title = detail.short_name
        self.query_one("#case-header", Static).update(case_header(detail))
        tabs = self.query_one(TabBar)
        counts = detail.counts
        tabs.set_label("timeline", f"Timeline ({timeline_total(detail):,})")
        tabs.set_label("parties", f"Parties ({counts.get('parties', 0):,})")
        tabs.set_label("quotes", f"Quotes ({counts.get('quotes', 0):,})")
        for pane in self.query(CasePane):
            pane.show_detail(detail)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_record":  # a key of the Sources tab only
            return self.active_tab == "sources"
        return True

    def action_open_record(self) -> None:
        self.query_one(SourcesPane).open_record()

    def action_read_status_source(self) -> None:
        """The paragraph behind the case's current status (the others a key away)."""
        status = self.detail.status if self.detail is not None else None
        if status is None or not status.sources:
            self.notify("No source is recorded for this case's status", timeout=3)
            return
        refs = tuple(ref.ref for ref in status.sources)
        self.post_message(PassageSelected(refs[0], refs=refs))

    def action_open_case(self, slug: str) -> None:
        self.post_message(CaseSelected(slug))
