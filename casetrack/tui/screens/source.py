"""The source view: a cited paragraph, its neighbours, and where the source is from.

It shows what ``casetrack source REF`` prints (casetrack.passage.read_passage): the headline,
publisher, byline and date, then the paragraphs around the citation, the cited one marked and
a quote's own words highlighted. Opened on several citations (the sources of a case's
status), ``]`` and ``[`` step from one to the next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static

from casetrack.locators import publisher_and_byline
from casetrack.tui.screens.base import CasetrackScreen
from casetrack.tui.widgets import KeyBar
from casetrack.vocab import label

if TYPE_CHECKING:
    from sqlmodel import Session

    from casetrack.passage import Paragraph, Passage

#: Paragraphs shown on each side of the cited ones.
CONTEXT = 3


def passage_head(p: Passage, index: int, count: int) -> Content:
    """Headline; publisher, byline, date, kind; the URL (never invented); the reference."""
    facts = [*publisher_and_byline(p.publisher, p.author), p.date.display() if p.date else None]
    facts.append(label(p.kind))
    where = p.citation + (" · the quote’s words marked" if p.quote else "")
    if count > 1:
        where += f" · citation {index + 1} of {count} (] next, [ previous)"
    return Content("\n").join(
        [
            Content.styled(p.title, "bold"),
            Content(" · ".join(f for f in facts if f)),
            Content.styled("URL: not recorded", "dim"),
            Content.styled(where, "dim"),
        ]
    )


def paragraph_text(para: Paragraph, highlights: tuple[str, ...]) -> Content:
    """A paragraph's text, the cited paragraph's quoted words highlighted."""
    from casetrack.passage import spans

    text = Content(" ".join(para.text.split()))
    if para.cited:
        for start, end in spans(text.plain, highlights):
            text = text.stylize("bold reverse $accent", start, end)
    return text


class ParagraphRow(Horizontal):
    """'¶34' and the paragraph, which wraps under itself."""

    def __init__(self, para: Paragraph, highlights: tuple[str, ...]) -> None:
        super().__init__(classes="paragraph cited" if para.cited else "paragraph")
        self.para, self.highlights = para, highlights

    def compose(self) -> ComposeResult:
        where = f"¶{self.para.locator[1:]}" if self.para.locator.startswith("p") else self.para.locator
        yield Static(where, classes="paragraph-place")
        yield Static(paragraph_text(self.para, self.highlights), classes="paragraph-text")


class SourceScreen(CasetrackScreen):
    """A cited paragraph with its neighbours; ``]``/``[`` step through several citations."""

    HELP = (
        "The paragraph a citation points at, marked, with the paragraphs around it, and the source's "
        "headline, publisher, byline and date. A quote's own words are highlighted. Up, Down and Page "
        "keys scroll; ] and [ go to the next and previous citation when there are several."
    )

    AUTO_FOCUS = "#source-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right_square_bracket", "step(1)", "Next source", key_display="]"),
        Binding("left_square_bracket", "step(-1)", "Previous source", key_display="["),
    ]

    def __init__(self, refs: tuple[str, ...], *, index: int = 0) -> None:
        super().__init__()
        self.refs = refs
        self.index = index
        self.passage: Passage | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="source-head")
        yield VerticalScroll(id="source-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Source"
        self._load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step":
            return len(self.refs) > 1
        return True

    def _load(self) -> None:
        ref = self.refs[self.index]

        def fetch(session: Session) -> Passage:
            from casetrack.bootstrap import bundled_seed_dir
            from casetrack.passage import read_passage

            return read_passage(session=session, ref=ref, seed_dir=bundled_seed_dir(), context=CONTEXT)

        self.load(fetch, self._show, group="passage", failed=self._failed)

    def _failed(self, text: str) -> None:
        self.query_one("#source-head", Static).update(Content.styled(text, "$error"))

    def _show(self, p: Passage) -> None:
        self.passage = p
        self.sub_title = f"Source · {p.citation}"
        self.query_one("#source-head", Static).update(passage_head(p, self.index, len(self.refs)))
        body = self.query_one("#source-body", VerticalScroll)
        body.remove_children()
        paragraphs = [ParagraphRow(para, p.highlights) for para in p.paragraphs]
        body.mount_all(paragraphs)
        first = next((w for w, para in zip(paragraphs, p.paragraphs, strict=True) if para.cited), None)
        if first is not None:
            self.call_after_refresh(body.scroll_to_widget, first, animate=False, top=True)

    def action_step(self, step: int) -> None:
        if len(self.refs) < 2:
            return
        self.index = (self.index + step) % len(self.refs)
        self.query_one("#source-head", Static).update("Loading…")
        self._load()
