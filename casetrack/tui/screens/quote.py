"""One quote: the words, who said them where and when, the case(s), and the source."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static

from casetrack import services
from casetrack.locators import publisher_and_byline
from casetrack.services import QuoteDetail
from casetrack.tui.format import d, link, quoted
from casetrack.tui.messages import CaseSelected, PartySelected, PassageSelected
from casetrack.tui.screens.base import CasetrackScreen
from casetrack.tui.screens.picker import Picker
from casetrack.tui.widgets import KeyBar
from casetrack.vocab import label


def _link(action: str, slug: str, text: str) -> Content:
    return link(text, f"screen.{action}({slug!r})")


Fact = tuple[str, str | Content]


def quote_facts(q: QuoteDetail) -> list[Fact]:
    """(label, value) rows: speaker, setting, date, origin, case(s), source, context."""
    facts: list[Fact] = []
    speaker: Content = (
        _link("open_party", q.speaker_party, q.speaker_name) if q.speaker_party else Content(q.speaker_name)
    )
    if q.speaker_description:
        speaker = Content("\n").join([speaker, Content.styled(" ".join(q.speaker_description.split()), "dim")])
    facts.append(("Speaker", speaker))
    facts.append(("Setting", label(q.setting)))
    facts.append(("Date", d(q.date, "undated")))
    if q.origin_kind:
        origin = f"{q.origin_kind}: {q.origin_title or q.origin_slug}"
        facts.append(("Origin", _link("open_origin", q.origin_slug or "", origin)))
    else:
        facts.append(("Origin", Content.styled("not recorded", "dim")))
    cases = [_link("open_case", slug, name) for slug, name in q.cases]
    if len(cases) > 1:
        hint = Content.styled(f"  (o chooses one of the {len(cases)})", "dim")
        facts.append(("Cases", Content.assemble(Content(", ").join(cases), hint)))
    elif cases:
        facts.append(("Case", cases[0]))
    else:
        facts.append(("Cases", Content.styled("none: the source ties it to no case", "dim")))
    if q.parts:
        facts.append(("Parts", Content.styled(f"{len(q.parts)}, as the source interrupts it", "dim")))
    about = publisher_and_byline(q.source.publisher, q.source.author)
    source = Content.styled(f"“{q.source.title}”" + (f" ({', '.join(about)})" if about else ""), "dim")
    facts.append(("Source", Content("\n").join([Content(q.source.display()), source])))
    if q.context:
        facts.append(("Context", " ".join(q.context.split())))
    return facts


class FactRow(Horizontal):
    """A label and its value; the value wraps under itself, not under the label."""

    def __init__(self, label: str, value: str | Content) -> None:
        super().__init__(classes="fact")
        self.label, self.value = label, value

    def compose(self) -> ComposeResult:
        yield Static(self.label, classes="fact-label")
        yield Static(self.value, classes="fact-value")


class QuoteScreen(CasetrackScreen):
    """A quote. ``c`` copies its citation line (``w`` writes it to a file); Enter or ``s`` opens
    the speaker; ``o`` the case, or offers a choice of the cases the quote bears on."""

    HELP = "A quote with its speaker, setting, origin, case(s) and source. Click a name to open it."

    AUTO_FOCUS = "#quote-body"  # focused as it is composed: no second styling pass
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy", "Copy citation"),
        Binding("w", "write", "To file", tooltip="Write the citation to a file"),
        Binding("enter,s", "speaker", "Speaker", key_display="s"),
        Binding("o", "case", "Open case"),
        Binding("p", "paragraph", "Paragraph"),
    ]

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
        self.detail: QuoteDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="quote-body"):
            yield Static("Loading…", id="quote-text")
            yield Vertical(id="quote-facts")
            yield Static("", id="quote-citation")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Quote"
        self.query_one("#quote-body").focus()
        slug = self.slug
        self.load(lambda session: services.get_quote(session=session, slug=slug), self._show, group="quote")

    def _show(self, q: QuoteDetail) -> None:
        self.detail = q
        self.sub_title = f"Quote · {q.speaker_name}"
        self.query_one("#quote-text", Static).update(Content(quoted(q.text)))
        facts = self.query_one("#quote-facts", Vertical)
        facts.remove_children()
        facts.mount_all(FactRow(label, value) for label, value in quote_facts(q))
        self.query_one("#quote-citation", Static).update(
            Content.assemble(("Citation (c copies it, w writes it to a file)\n", "bold"), (q.citation_line(), "dim"))
        )

    def action_copy(self) -> None:
        if self.detail is None:
            return
        # OSC 52 asks the terminal to take the text; no terminal answers whether it did.
        self.app.copy_to_clipboard(self.detail.citation_line())
        self.notify(
            "Sent the citation to the terminal's clipboard (OSC 52); "
            "if nothing was copied, press w to write it to a file",
            timeout=6,
        )

    def action_write(self) -> None:
        if self.detail is None:
            return
        from casetrack.citefile import citations_path, save_citation

        try:
            path = save_citation(self.detail.citation_line())
        except OSError as exc:
            self.notify(f"Could not write the citation to {citations_path()}: {exc.strerror or exc}", severity="error")
            return
        self.notify(f"Wrote the citation to {path}", timeout=6)

    def action_speaker(self) -> None:
        if self.detail is None:
            return
        if self.detail.speaker_party is None:
            self.notify(f"{self.detail.speaker_name} is not a person or organization in casetrack", timeout=3)
            return
        self.post_message(PartySelected(self.detail.speaker_party))

    def action_case(self) -> None:
        if self.detail is None:
            return
        if not self.detail.cases:
            self.notify("The source ties this quote to no case", timeout=3)
            return
        cases = self.detail.cases
        if len(cases) == 1:
            self.post_message(CaseSelected(cases[0][0]))
            return

        def chosen(slug: str | None) -> None:
            if slug is not None:
                self.post_message(CaseSelected(slug))

        self.app.push_screen(Picker(f"The quote bears on {len(cases)} cases: open which?", list(cases)), chosen)

    def action_paragraph(self) -> None:
        """The source's paragraph, the quote's words highlighted."""
        if self.detail is not None:
            self.post_message(PassageSelected(self.detail.slug))

    def action_open_party(self, slug: str) -> None:
        self.post_message(PartySelected(slug))

    def action_open_case(self, slug: str) -> None:
        self.post_message(CaseSelected(slug))

    def action_open_origin(self, slug: str) -> None:
        q = self.detail
        if q is None or q.origin_kind is None or not q.cases:
            return
        self.post_message(CaseSelected(q.cases[0][0], entry=(q.origin_kind, slug)))
