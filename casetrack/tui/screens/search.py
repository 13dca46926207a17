"""Full-text search over quotes, cases, people, filings and rulings, results grouped by kind."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from casetrack.errors import CasetrackError
from casetrack.tui.format import KIND_HEADINGS, d, ellipsize, plural, quoted
from casetrack.tui.messages import CaseSelected, EntrySelected, PartySelected, QuoteSelected
from casetrack.tui.screens.base import CasetrackScreen
from casetrack.tui.widgets import KeyBar
from casetrack.vocab import label

if TYPE_CHECKING:
    from sqlmodel import Session

    from casetrack.search import SearchHit

LIMIT = 50
HINT = 'Type words to find in quotes, cases, people, filings, rulings and events. "Quoted words" match as a phrase.'


def hit_prompt(hit: SearchHit, width: int) -> Text:
    """A hit: its title; for a quote, who said it, how, when and in which case, and the source
    by name and place (attribution is the product); the matching words where they differ."""
    title = quoted(hit.title) if hit.kind == "quote" else hit.title
    text = Text("  ")
    text.append(ellipsize(title, max(20, width - 4)), style="bold")
    lines = []
    if hit.kind == "quote":
        said = [f"— {hit.speaker or 'unknown speaker'}", label(hit.setting) if hit.setting else None]
        said += [d(hit.date, "undated"), f"in {hit.case_name or hit.case}" if hit.case else "no case"]
        lines.append(" · ".join(x for x in said if x))
        if hit.source is not None:
            lines.append(hit.source.display())
    snippet = " ".join(hit.snippet.split())
    extra = []
    if snippet and snippet.strip("…") != hit.title.strip():
        extra.append(snippet)
    if hit.case and hit.kind not in ("case", "quote"):
        extra.append(f"in {hit.case_name or hit.case}")
    if extra:
        lines.append(" · ".join(extra))
    for line in lines:
        text.append("\n    " + ellipsize(line, max(20, width - 6)), style="dim")
    return text


def find(session: Session, text: str) -> list[SearchHit]:
    """The best hits for ``text``, its last word a prefix (search as you type)."""
    try:
        from casetrack.search import search
    except ImportError as exc:
        raise CasetrackError("search is not available in this casetrack") from exc
    return search(text, session=session, limit=LIMIT, prefix=True)


class SearchScreen(CasetrackScreen):
    """Search as you type; Enter opens the result (a filing or ruling opens its case)."""

    HELP = (
        "Search as you type. Down moves to the results; Enter opens one (a filing, ruling or event "
        "opens its case at it, or in full when it has no case)."
    )

    AUTO_FOCUS = "#search-input"  # focused as it is composed: no second styling pass
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_results", "Results", show=False),
        Binding("slash", "focus_input", "Search", show=False),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.hits: list[SearchHit | None] = []
        self._debounce: Timer | None = None
        self._last: str | None = None
        #: Enter was pressed before the results came: move to them when they do.
        self._wants_results = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(value=self.initial_query, placeholder="Search…", id="search-input", select_on_focus=False)
        yield Static(HINT, id="search-count", classes="count-line")
        yield OptionList(id="search-results")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self.query_one("#search-input", Input).focus()
        if self.initial_query.strip():
            self.run_search()

    def action_focus_input(self) -> None:
        self.query_one("#search-input", Input).focus()

    def action_to_results(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if self.focused is self.query_one("#search-input") and results.option_count:
            results.focus()
            if results.highlighted is None:
                results.action_first()

    TYPE_AHEAD = True

    def on_key(self, event: events.Key) -> None:
        if not (event.is_printable and event.character):
            return
        box = self.query_one("#search-input", Input)
        results = self.query_one("#search-results", OptionList)
        if self.focused is results and event.character in "?/ ":
            return  # keys of the list
        if self.focused is results or self.focused is box or self.focused is None:
            # Typing on the results list goes on typing the query. And the box takes the
            # keys typed right after "/", which the screen before this one passed on.
            event.stop()
            event.prevent_default()
            box.focus()
            box.insert_text_at_cursor(event.character)

    @on(Input.Changed, "#search-input")
    def _changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.2, self.run_search)

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        text = self.query_one("#search-input", Input).value
        if text.strip() != (self._last or ""):
            self.run_search()
            self._wants_results = True
        else:
            self.action_to_results()

    def run_search(self) -> None:
        text = self.query_one("#search-input", Input).value.strip()
        self._last = text
        if not text:
            self.hits = []
            self.query_one("#search-results", OptionList).clear_options()
            self.query_one("#search-count", Static).update(HINT)
            return
        self.query_one("#search-count", Static).update(Text(f"Searching for {text!r}…"))
        self.load(lambda session: (text, find(session, text)), self._show, group="search")

    def _show(self, found: tuple[str, list[SearchHit]]) -> None:
        query, found_hits = found
        if query != self._last:
            return
        results = self.query_one("#search-results", OptionList)
        width = results.size.width or self.size.width or 80
        grouped: dict[str, list[SearchHit]] = {}
        for hit in found_hits:
            # The quotes of a person searched for by name are a group of their own, after the
            # person; people and cases found by name come before those that only mention it.
            key = f"Said by {hit.speaker}" if hit.match == "speaker" else hit.kind
            if hit.match == "text" and hit.kind in ("party", "case"):
                key = f"text:{hit.kind}"
            grouped.setdefault(key, []).append(hit)
        options: list[Option] = []
        self.hits = []
        # Hits come best first, so the groups do too: the group of the best hit leads.
        for key in grouped:
            hits = grouped[key]
            kind = key.removeprefix("text:")
            heading = KIND_HEADINGS.get(kind, kind)
            if key != kind and kind in grouped:  # some were found by name: these are the others
                heading = f"Other {heading[0].lower()}{heading[1:]}"
            options.append(Option(Text(f"{heading} ({len(hits)})", style="bold"), disabled=True))
            self.hits.append(None)
            for hit in hits:
                options.append(Option(hit_prompt(hit, width)))
                self.hits.append(hit)
        results.clear_options()
        results.add_options(options)
        first = next((i for i, h in enumerate(self.hits) if h is not None), None)
        if first is not None:
            results.highlighted = first
        if self._wants_results:
            self._wants_results = False
            self.action_to_results()
        n = len(found_hits)
        more = " (the best shown; add words to narrow)" if n >= LIMIT else ""
        summary = plural(n, "result") + f" for {query!r}{more}" if n else f"Nothing found for {query!r}"
        self.query_one("#search-count", Static).update(Text(summary))

    @on(OptionList.OptionSelected, "#search-results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.hits[event.option_index] if event.option_index < len(self.hits) else None
        if hit is None:
            return
        if hit.kind == "quote":
            self.post_message(QuoteSelected(hit.slug))
        elif hit.kind == "case":
            self.post_message(CaseSelected(hit.slug))
        elif hit.kind == "party":
            self.post_message(PartySelected(hit.slug))
        elif hit.case:
            self.post_message(CaseSelected(hit.case, entry=(hit.kind, hit.slug)))
        else:  # a filing, ruling or event of no case: there is no timeline to open it in
            self.post_message(EntrySelected(hit.kind, hit.slug))
