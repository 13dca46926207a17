"""The entry detail and the source view (issue 14): Enter on a timeline row opens the entry in
full, with its own history (issue 15); Enter on a citation reads the paragraph; from a case,
one key shows the paragraph behind its status."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Static

from casetrack import db
from casetrack.seed.compile import compile_seed
from casetrack.seed.load import load_bundle
from casetrack.tui.app import CasetrackApp
from casetrack.tui.messages import PassageSelected, QuoteSelected
from casetrack.tui.screens.case import CaseScreen
from casetrack.tui.screens.entry import EntryScreen
from casetrack.tui.screens.help import HelpScreen
from casetrack.tui.screens.quote import QuoteScreen
from casetrack.tui.screens.source import SourceScreen
from casetrack.tui.widgets import LinkRow, PagedTable
from tests.tui.test_flows import SIZE, open_coomer, static_text
from tests.tui.waiting import settle, wait_until

FILING = "coomer-motion-sept-2021"
OLD_TITLE = "Coomer’s September 2021 filing with the Trump campaign memo and emails"
NEW_TITLE = "Coomer’s September 2021 motion with the Trump campaign memo and emails"


@pytest.fixture
def changed_db(tmp_path: Path, seed_copy: Path) -> Path:
    """The seed loaded, then a copy with one filing's title changed loaded over it: the filing
    has a history of its own."""
    path = tmp_path / "changed.db"
    target = db.Target(f"sqlite:///{path}", "--db")
    db.upgrade(target)
    engine = db.make_engine(target.url)
    try:
        load_bundle(engine, compile_seed(seed_copy))
        case_file = seed_copy / "cases" / "coomer-v-trump-campaign.yaml"
        text = case_file.read_text(encoding="utf-8")
        assert f"title: {OLD_TITLE}\n" in text
        case_file.write_text(text.replace(f"title: {OLD_TITLE}\n", f"title: {NEW_TITLE}\n"), encoding="utf-8")
        load_bundle(engine, compile_seed(seed_copy))
    finally:
        engine.dispose()
    return path


def timeline_row(screen: CaseScreen, kind: str, slug: str) -> int:
    items = screen.query_one("#timeline-table", PagedTable).items
    return next(i for i, e in enumerate(items) if (e.kind, e.slug) == (kind, slug))


async def open_entry(pilot: object, app: CasetrackApp, kind: str, slug: str) -> EntryScreen:
    """From the case list: open Coomer, put the cursor on the entry, press Enter."""
    screen = await open_coomer(pilot, app)
    screen.query_one("#timeline-table", PagedTable).move_cursor(row=timeline_row(screen, kind, slug))
    await pilot.press("enter")  # type: ignore[attr-defined]
    await wait_until(
        pilot,  # type: ignore[arg-type]
        lambda: isinstance(app.screen, EntryScreen) and app.screen.detail is not None,
        what="the entry detail",
    )
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, EntryScreen)
    return app.screen


def links(app: CasetrackApp) -> list[str]:
    return [str(link.render()) for link in app.screen.query(LinkRow)]


def cited_paragraph(app: CasetrackApp) -> Static:
    return app.screen.query_one(".paragraph.cited .paragraph-text", Static)


async def wait_for_passage(pilot: object, app: CasetrackApp, ref: str) -> SourceScreen:
    def shown() -> bool:
        screen = app.screen
        return isinstance(screen, SourceScreen) and screen.passage is not None and screen.passage.ref == ref

    await wait_until(pilot, shown, what=f"the source view of {ref}")  # type: ignore[arg-type]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, SourceScreen)
    return app.screen


async def test_enter_on_a_timeline_row_opens_the_entry_in_full_with_its_history(
    open_app: Callable[[Path], CasetrackApp], changed_db: Path
) -> None:
    app = open_app(changed_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_entry(pilot, app, "filing", FILING)
        assert static_text(app, "#entry-title") == NEW_TITLE
        text = static_text(app, "#entry-text")
        # The whole description, to its last words (the timeline's detail box shows six lines).
        assert text.startswith("Described by The New York Times as a motion written by Coomer’s lawyers")
        assert text.endswith("were released on Monday evening, 20 Sep 2021.")
        shown = links(app)
        assert "Coomer v. Trump campaign" in shown
        # Unnamed counsel filed it: shown as the source names them, not as a link to Coomer.
        people = [str(s.render()) for s in screen.query(".entry-line")]
        assert "Filed by: Counsel for Eric Coomer" in people
        assert not any("Eric Coomer" in link and "Counsel" not in link for link in shown)
        assert "NYT: Trump campaign memo, 21 Sep 2021, ¶36–39" in shown
        assert "Background facts, B06" in shown
        assert any(link.startswith("“the lines were blurred”") for link in shown)
        history = static_text(app, "#entry-history")
        assert f"filing title “{OLD_TITLE}” → “{NEW_TITLE}”" in history
        assert f"filing “{NEW_TITLE}” added" in history and FILING not in history

        # A ruling: its judge and outcome.
        await pilot.press("escape")
        await settle(pilot)
        case = app.screen
        assert isinstance(case, CaseScreen)
        case.query_one("#timeline-table", PagedTable).move_cursor(
            row=timeline_row(case, "ruling", "moses-anti-slapp-ruling")
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen) and app.screen.detail is not None)
        await settle(pilot)
        facts = " ".join(str(s.render()) for s in app.screen.query(".fact-value"))
        assert "denied" in facts and "13 May 2022" in facts
        assert "Judge: Marie Avery Moses" in links(app)


async def test_the_entry_keys_and_links_open_the_case_quote_source_and_person(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_entry(pilot, app, "filing", FILING)
        # Every key its help lists works: o opens the case, r reads the first source.
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = static_text(app, "#help-text")
        assert "Open case" in help_text and "Read source" in help_text
        await pilot.press("escape")
        await pilot.press("r")
        passage = await wait_for_passage(pilot, app, "nyt-coomer-memo:p4")
        assert passage.refs[-1] == "background:B06"  # its other sources are a key away
        await pilot.press("right_square_bracket")
        await wait_for_passage(pilot, app, "nyt-coomer-memo:p6")
        await pilot.press("left_square_bracket", "left_square_bracket")
        await wait_for_passage(pilot, app, "background:B06")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseScreen) and app.screen.detail is not None)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)

        # Tab goes from link to link; Enter opens the focused one.
        async def enter_on(start: str) -> None:
            if not isinstance(app.screen, EntryScreen):
                await pilot.press("escape")
                await settle(pilot)
            for _ in range(30):
                await pilot.press("tab")
                focused = app.focused
                if isinstance(focused, LinkRow) and str(focused.render()).startswith(start):
                    break
            else:
                raise AssertionError(f"no link {start!r}")
            await pilot.press("enter")
            await settle(pilot)

        await enter_on("“the lines were blurred”")
        assert isinstance(app.screen, QuoteScreen) and app.screen.slug == "coomer-motion-lines-blurred"
        await enter_on("NYT: Trump campaign memo, 21 Sep 2021, ¶36–39")
        passage = await wait_for_passage(pilot, app, "nyt-coomer-memo:p36-p39")
        assert [p.locator for p in passage.passage.paragraphs if p.cited] == ["p36", "p37", "p38", "p39"]


async def test_a_deposition_names_its_deponent_and_opens_the_person(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coomer(pilot, app)
        items = screen.query_one("#timeline-table", PagedTable).items
        deposition = next(e for e in items if e.kind == "deposition")
        screen.query_one("#timeline-table", PagedTable).move_cursor(row=items.index(deposition))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen) and app.screen.detail is not None)
        await settle(pilot)
        entry = app.screen
        assert isinstance(entry, EntryScreen) and entry.detail is not None
        deponent = next(p for p in entry.detail.people if p.role == "Deponent")
        assert static_text(app, "#entry-title") == f"Deposition of {deponent.name}"
        link = next(w for w in entry.query(LinkRow) if str(w.render()) == f"Deponent: {deponent.name}")
        link.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.sub_title == deponent.name


async def test_enter_on_a_quote_citation_highlights_its_words(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(QuoteSelected("coomer-motion-continued-to-allow"))
        await wait_until(pilot, lambda: isinstance(app.screen, QuoteScreen) and app.screen.detail is not None)
        await pilot.press("p")
        screen = await wait_for_passage(pilot, app, "nyt-coomer-memo:p20")
        head = static_text(app, "#source-head")
        assert "Trump Campaign Knew Lawyers’ Voting Machine Claims Were Baseless, Memo Shows" in head
        assert "The New York Times · by Alan Feuer · 21 Sep 2021" in head
        assert "URL: not recorded" in head
        # The citation by its name, as everywhere else; no slug of the source or the quote.
        assert "NYT: Trump campaign memo, 21 Sep 2021, ¶20" in head
        assert "coomer-motion-continued-to-allow" not in head and "nyt-coomer-memo" not in head
        assert app.screen.sub_title == "Source · NYT: Trump campaign memo, 21 Sep 2021, ¶20"
        cited = cited_paragraph(app).render()
        assert isinstance(cited, Content)
        marked = [cited.plain[s.start : s.end] for s in cited.spans if "reverse" in str(s.style)]
        assert marked == [
            "The Trump campaign continued to allow its agents,",
            "to advance debunked conspiracy theories and defame",
            "apparently without providing them with their own research debunking those theories.",
        ]
        # The neighbouring paragraphs are there too, not marked.
        places = [str(w.render()) for w in screen.query(".paragraph-place")]
        assert places == ["¶17", "¶18", "¶19", "¶20", "¶21", "¶22", "¶23"]
        assert len(screen.query(".paragraph.cited")) == 1


async def test_one_key_on_a_case_shows_the_paragraph_behind_its_status(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_coomer(pilot, app)
        assert "Status: pending as of 13 May 2022 · source: Background facts, B06" in static_text(app, "#case-header")
        await pilot.press("question_mark")
        assert "Status source" in static_text(app, "#help-text")
        await pilot.press("escape")
        await pilot.press("r")
        await wait_for_passage(pilot, app, "background:B06")
        assert str(app.screen.query_one(".paragraph.cited .paragraph-place", Static).render()) == "B06"
        text = str(cited_paragraph(app).render())
        assert "Denver District Judge Marie Avery Moses denied the motions on 13 May 2022" in text
        assert "URL: not recorded" in static_text(app, "#source-head")
        # A click on the header's sources reads them too.
        await pilot.press("escape")
        await settle(pilot)
        status = "Status: pending as of 13 May 2022 · "
        await pilot.click("#case-header", offset=(1 + len(status) + 3, 2))
        await wait_for_passage(pilot, app, "background:B06")


def test_a_status_with_several_sources_names_them_all() -> None:
    import datetime as dt

    from casetrack.dates import PartialDate
    from casetrack.services import CaseDetail, SourceRef, StatusEntry
    from casetrack.tui.screens.case import status_line

    memo = SourceRef("nyt-coomer-memo", "T", "The New York Times", "p6", short_title="NYT: memo")
    background = SourceRef("background", "Background facts", None, "B06")
    status = StatusEntry("s", "pending", PartialDate(dt.date(2021, 9, 16)), None, None, (memo, background))
    detail = CaseDetail(
        slug="c", case_name="C", short_name="C", kind="defamation", court=None, court_slug=None,
        docket_number=None, nature_of_suit=None, judges=(), date_filed=None, date_terminated=None,
        disposition=None, parent=None, children=(), summary=None, status=status, status_history=(status,),
        counts={}, sources=(),
    )  # fmt: skip
    line = status_line(detail).plain
    assert line == "Status: pending as of 16 Sep 2021 · sources: NYT: memo, ¶6; Background facts, B06"


async def test_sources_tab_enter_reads_the_paragraph_and_e_opens_what_it_supports(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_coomer(pilot, app)
        await pilot.press("question_mark")
        assert "Open what it supports" not in static_text(app, "#help-text")  # a key of the Sources tab
        await pilot.press("escape")
        await pilot.press("s")
        await settle(pilot)
        sources = app.screen.query_one("#sources-table", PagedTable)
        row = next(i for i, item in enumerate(sources.items) if item.kind == "filing" and item.slug == FILING)
        sources.move_cursor(row=row)
        await pilot.press("question_mark")
        assert "Open what it supports" in static_text(app, "#help-text")
        await pilot.press("escape")
        await pilot.press("enter")
        await wait_for_passage(pilot, app, sources.items[row].ref.ref)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen) and app.screen.detail is not None)
        assert app.screen.slug == FILING
        await pilot.press("escape")
        await settle(pilot)
        # A quote's row: Enter reads its paragraph with the words marked; e opens the quote.
        row = next(i for i, item in enumerate(sources.items) if item.kind == "quote")
        sources.move_cursor(row=row)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, QuoteScreen))
        assert app.screen.slug == sources.items[row].slug


async def test_at_80x24_the_entry_and_the_source_scroll_with_the_keys_help_lists(app: CasetrackApp) -> None:
    from textual.containers import VerticalScroll

    from casetrack.tui.messages import EntrySelected

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for message, body in (
            (EntrySelected("filing", FILING), "#entry-body"),
            (PassageSelected("nyt-coomer-memo:p36-p39"), "#source-body"),
        ):
            app.post_message(message)
            await settle(pilot)
            rows = dict(app.key_rows(app.screen))
            assert ("pgdn", "Page down") in rows["In this list"] and ("pgup", "Page up") in rows["In this list"]
            scroll = app.screen.query_one(body, VerticalScroll)
            start = scroll.scroll_y
            await pilot.press("pagedown")
            await wait_until(pilot, lambda: scroll.scroll_y > start, what="a page down")  # noqa: B023
            await pilot.press("end")
            await wait_until(pilot, lambda: scroll.scroll_y == scroll.max_scroll_y, what="the end")  # noqa: B023
            await pilot.press("pageup")
            await wait_until(pilot, lambda: scroll.scroll_y < scroll.max_scroll_y, what="a page up")  # noqa: B023
            await pilot.press("escape")
            await settle(pilot)
        # Nothing is cut off: the history, last on the page, is there whole at the end.
        app.post_message(EntrySelected("filing", FILING))
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        history = app.screen.query_one("#entry-history", Static)
        assert history.region.height >= 1 and str(history.render()).endswith(f"filing “{OLD_TITLE}” added")


async def test_an_unknown_entry_or_source_says_so_in_one_line(app: CasetrackApp) -> None:
    from casetrack.tui.messages import EntrySelected

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(EntrySelected("filing", "coomer-complant"))
        await settle(pilot)
        assert static_text(app, "#entry-title") == "no filing 'coomer-complant'; did you mean 'coomer-complaint'?"
        await pilot.press("o", "r")  # nothing loaded: the keys do nothing, and nothing breaks
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        app.post_message(PassageSelected("nyt-coomer-memo:p999"))
        await settle(pilot)
        assert "outside p1-p" in static_text(app, "#source-head")
