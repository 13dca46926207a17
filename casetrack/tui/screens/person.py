"""A person or organization: every case and role, sanctions, and everything they said."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Header, Static

from casetrack import services
from casetrack.services import PartyCaseRole, PartyDetail, QuoteSummary
from casetrack.tui.format import CASE_KIND_WIDTH, DATE_WIDTH, SETTING_WIDTH, Col, d, plural, quoted, role_text
from casetrack.tui.messages import CaseSelected, QuoteSelected
from casetrack.tui.screens.base import CasetrackScreen
from casetrack.tui.widgets import KeyBar, PagedTable
from casetrack.vocab import label

ROLE_COLUMNS = [
    Col("case", "Case", min=16, max=44, weight=2),
    Col("kind", "Kind", max=CASE_KIND_WIDTH, weight=0, drop=1),
    Col("role", "Role", min=12, weight=2),
]
QUOTE_COLUMNS = [
    Col("date", "Date", min=11, max=DATE_WIDTH, weight=0, drop=2),
    Col("case", "Case", min=12, max=30, weight=1, drop=1),
    Col("setting", "Setting", max=SETTING_WIDTH, weight=0, drop=3),
    Col("text", "Quote", min=20, weight=3),
    Col("source", "Source", max=48, weight=0, drop=4),  # whole, or left out (the detail line names it)
]


def role_cells(r: PartyCaseRole) -> dict[str, Any]:
    return {"case": r.case_short_name, "kind": label(r.case_kind), "role": role_text(r.role, r.for_party_name)}


def quote_cells(q: QuoteSummary) -> dict[str, Any]:
    return {
        "date": d(q.date, "undated"),
        "case": q.case_short_name or "no case",
        "setting": label(q.setting),
        "text": quoted(q.text),
        "source": q.source.display(),
    }


def party_header(p: PartyDetail) -> Content:
    title = Content.assemble((p.name, "bold"), (f"  {p.kind}", "dim"))
    lines = [title]
    if p.short_name and p.short_name != p.name:
        lines.append(Content.styled(f"also: {p.short_name}", "dim"))
    if p.description:
        lines.append(Content(" ".join(p.description.split())))
    if p.sanctions:
        lines.append(Content.assemble(("Sanctions: ", "bold $error"), "; ".join(p.sanctions)))
    return Content("\n").join(lines)


class PersonScreen(CasetrackScreen):
    """A party. Enter opens the case or quote under the cursor; Tab moves between the lists."""

    HELP = "A person or organization: every case and role, sanctions, and every quote across cases."

    AUTO_FOCUS = "#person-cases"  # focused as it is composed: no second styling pass
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "focus_list('#person-cases')", "Cases", show=False),
        Binding("q", "focus_list('#person-quotes')", "Quotes", show=False),
    ]

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
        self.detail: PartyDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="person-header")
        yield Static("Cases", id="person-cases-title", classes="section-title")
        yield PagedTable(ROLE_COLUMNS, role_cells, id="person-cases")
        yield Static("Quotes", id="person-quotes-title", classes="section-title")
        yield PagedTable(QUOTE_COLUMNS, quote_cells, id="person-quotes")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Person"
        self.query_one("#person-cases", PagedTable).focus()
        slug = self.slug
        self.load(lambda session: services.get_party(session=session, slug=slug), self._show, group="party")

    def action_focus_list(self, selector: str) -> None:
        self.query_one(selector).focus()

    def _show(self, p: PartyDetail) -> None:
        self.detail = p
        self.sub_title = p.name
        self.query_one("#person-header", Static).update(party_header(p))
        cases = self.query_one("#person-cases", PagedTable)
        cases.add_page(0, list(p.roles), last=True)
        quotes = self.query_one("#person-quotes", PagedTable)
        quotes.add_page(0, list(p.quotes), last=True)
        n_cases = len({r.case for r in p.roles})
        self.query_one("#person-cases-title", Static).update(
            Text(f"Cases ({plural(n_cases, 'case')}, {plural(len(p.roles), 'role')})", style="bold")
        )
        self.query_one("#person-quotes-title", Static).update(
            Text(f"Quotes ({plural(len(p.quotes), 'quote')} across cases)", style="bold")
        )
        if not p.roles and p.quotes:
            quotes.focus()

    @on(PagedTable.RowSelected)
    def _selected(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        table = event.table
        if not isinstance(table, PagedTable):
            return
        item = table.item_at(event.cursor_row)
        if isinstance(item, PartyCaseRole):
            self.post_message(CaseSelected(item.case))
        elif isinstance(item, QuoteSummary):
            self.post_message(QuoteSelected(item.slug))
