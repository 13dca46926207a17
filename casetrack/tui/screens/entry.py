"""One timeline entry in full: a filing, ruling, deposition or event (casetrack.entry.get_entry).

The whole text, nothing cut off, in a scrolling page; then a line for each thing it leads to
(its cases, the people named in it, its quotes and its sources), each opened with Enter or a
click, and the entry's own load history.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Header, Static

from casetrack.tui.format import d, quoted
from casetrack.tui.messages import CaseSelected, PartySelected, PassageSelected, QuoteSelected
from casetrack.tui.screens.base import CasetrackScreen
from casetrack.tui.screens.quote import Fact, FactRow
from casetrack.tui.widgets import KeyBar, LinkRow
from casetrack.vocab import label

if TYPE_CHECKING:
    from sqlmodel import Session

    from casetrack.entry import EntryDetail


def entry_facts(e: EntryDetail) -> list[Fact]:
    """(label, value) rows: kind, dates, court, outcome, citation, location."""
    facts: list[Fact] = [("Kind", f"{e.kind}: {label(e.subkind)}" if e.subkind != e.kind else e.kind)]
    facts.append((e.date_label, d(e.date, "undated")))
    if e.written:
        facts.append(("Written", d(e.written)))
    if e.court:
        facts.append(("Court", e.court))
    if e.outcome:
        facts.append(("Outcome", Content.styled(label(e.outcome), "bold")))
    if e.citation:
        facts.append(("Citation", e.citation))
    if e.location:
        facts.append(("Location", e.location))
    return facts


def entry_links(e: EntryDetail) -> list[Widget]:
    """A heading and a line per case, person, quote and source, each opening it."""
    out: list[Widget] = []

    def heading(text: str) -> None:
        out.append(Static(text, classes="section-title"))

    heading("Case" if len(e.cases) == 1 else f"Cases ({len(e.cases)})")
    if not e.cases:
        out.append(Static(Content.styled("none: the source ties it to no case", "dim"), classes="entry-line"))
    for slug, name in e.cases:
        out.append(LinkRow(name, partial(CaseSelected, slug, entry=(e.kind, e.slug)), classes="entry-link"))
    if e.people:
        heading("People")
    for person in e.people:
        text = Content.assemble((f"{person.role}: ", "bold"), person.name)
        if person.party is None:  # a court or unnamed counsel: words not to credit to a person
            out.append(Static(text, classes="entry-line"))
        else:
            party = person.party
            out.append(LinkRow(text, partial(PartySelected, party), classes="entry-link"))
    heading(f"Quotes ({len(e.quotes)})")
    if not e.quotes:
        out.append(Static(Content.styled("none recorded", "dim"), classes="entry-line"))
    for q in e.quotes:
        when = f", {q.date.display()}" if q.date else ""
        text = Content.assemble(quoted(q.text), (f" — {q.speaker_name}{when}", "dim"))
        out.append(LinkRow(text, partial(QuoteSelected, q.slug), classes="entry-link"))
    heading(f"Sources ({len(e.sources)}) · Enter reads the paragraph")
    if not e.sources:
        out.append(Static(Content.styled("none recorded", "dim"), classes="entry-line"))
    refs = tuple(ref.ref for ref in e.sources)
    for ref in e.sources:
        out.append(LinkRow(ref.display(), partial(PassageSelected, ref.ref, refs=refs), classes="entry-link"))
    return out


def history_text(e: EntryDetail) -> Content:
    if not e.history:
        return Content.styled("No load has recorded a change to it.", "dim")
    lines = [Content.assemble((f"load {c.load_id}, {c.when}  ", "dim"), c.sentence) for c in e.history]
    return Content("\n").join(lines)


class EntryScreen(CasetrackScreen):
    """A filing, ruling, deposition or event: its whole text, people, quotes, sources, history."""

    HELP = (
        "A filing, ruling, deposition or event in full: its text, court, who filed it (as the source "
        "names them), the outcome, its cases, quotes and sources, and what each seed load changed in it. "
        "Tab moves from link to link (cases, people, quotes, sources); Enter opens the one focused; "
        "Enter on a source reads its paragraph. Up, Down and Page keys scroll."
    )

    AUTO_FOCUS = "#entry-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "open_case", "Open case"),
        Binding("r", "read_source", "Read source"),
    ]

    def __init__(self, kind: str, slug: str) -> None:
        super().__init__()
        self.kind = kind
        self.slug = slug
        self.detail: EntryDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="entry-body"):
            yield Static("Loading…", id="entry-title")
            yield Vertical(id="entry-facts")
            yield Static("", id="entry-text")
            yield Vertical(id="entry-links")
            yield Static("History", classes="section-title")
            yield Static("", id="entry-history")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = label(self.kind).capitalize() or "Entry"
        kind, slug = self.kind, self.slug

        def fetch(session: Session) -> EntryDetail:
            from casetrack.entry import get_entry

            return get_entry(session=session, kind=kind, slug=slug)

        self.load(fetch, self._show, group="entry", failed=self._failed)

    def _failed(self, text: str) -> None:
        self.query_one("#entry-title", Static).update(Content.styled(text, "$error"))

    def _show(self, e: EntryDetail) -> None:
        self.detail = e
        self.sub_title = f"{label(e.kind).capitalize()} · {e.cases[0][1]}" if e.cases else label(e.kind).capitalize()
        self.query_one("#entry-title", Static).update(Content.styled(e.title, "bold"))
        facts = self.query_one("#entry-facts", Vertical)
        facts.remove_children()
        facts.mount_all(FactRow(name, value) for name, value in entry_facts(e))
        text = " ".join(e.text.split()) if e.text else None
        self.query_one("#entry-text", Static).update(
            Content(text) if text else Content.styled("(no description recorded)", "dim")
        )
        links = self.query_one("#entry-links", Vertical)
        links.remove_children()
        links.mount_all(entry_links(e))
        self.query_one("#entry-history", Static).update(history_text(e))

    def action_open_case(self) -> None:
        if self.detail is None:
            return
        if not self.detail.cases:
            self.notify("The source ties this entry to no case", timeout=3)
            return
        self.post_message(CaseSelected(self.detail.cases[0][0], entry=(self.detail.kind, self.detail.slug)))

    def action_read_source(self) -> None:
        if self.detail is None:
            return
        if not self.detail.sources:
            self.notify("No source is recorded for this entry", timeout=3)
            return
        refs = tuple(ref.ref for ref in self.detail.sources)
        self.post_message(PassageSelected(refs[0], refs=refs))
