"""The reporter's desk (#14), driven with Pilot on the bundled seed: citations that name their
source, related cases by name, every case of a quote by keyboard, hidden columns reachable at
80 columns, an honest copy, and everything Giuliani said."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from textual.widgets import OptionList, Static

from casetrack import db
from casetrack.tui.app import CasetrackApp
from casetrack.tui.messages import CaseSelected, PartySelected, QuoteSelected
from casetrack.tui.screens.case import CaseScreen
from casetrack.tui.screens.picker import Picker
from casetrack.tui.screens.quote import QuoteScreen
from casetrack.tui.screens.search import SearchScreen
from casetrack.tui.widgets import PagedTable
from tests.tui.waiting import settle, wait_until

SIZE = (120, 40)
MEMO = "NYT: Trump campaign memo, 21 Sep 2021"


def table(app: CasetrackApp, selector: str) -> PagedTable[Any]:
    return app.screen.query_one(selector, PagedTable)


def detail_line(tab: PagedTable[Any]) -> str:
    """What the table's last line shows on screen."""
    return tab.render_line(tab.scrollable_content_region.height - 1).text


def notes_of(app: CasetrackApp, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(message, severity) of every notification from now on."""
    notes: list[tuple[str, str]] = []
    notify = app.notify

    def recording(message: str, **kwargs: Any) -> None:
        notes.append((message, kwargs.get("severity", "information")))
        notify(message, **kwargs)

    monkeypatch.setattr(app, "notify", recording)
    return notes


async def open_screen(pilot: Any, message: Any) -> None:
    await settle(pilot)
    pilot.app.post_message(message)
    await settle(pilot)


# --- 1. citations name their source ----------------------------------------------------


async def test_the_sources_tab_names_each_source_by_short_title_and_date(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, CaseSelected("coomer-v-trump-campaign", tab="sources"))
        sources = table(app, "#sources-table")
        shown = {sources.shown_cells(i)["source"] for i in range(len(sources.items))}
        assert MEMO in shown
        assert "The New York Times" not in shown  # never the publisher alone
        assert all(fact.ref.name in sources.shown_cells(i)["source"] for i, fact in enumerate(sources.items))
        # What each row supports is named, never a slug or a raw value.
        supports = [fact.what for fact in sources.items]
        assert (
            "quote: Rudolph W. Giuliani, “They wanted Trump to lose because they could raise more money,”" in supports
        )
        assert "deposition: Rudolph W. Giuliani" in supports and "role: Eric Coomer (plaintiff)" in supports
        slugs = {fact.slug for fact in sources.items if fact.kind != "case"}
        assert not any(slug in what for slug in slugs for what in supports)


# --- 2. related cases by name ----------------------------------------------------------


async def test_the_about_pane_names_the_case_it_arises_from_and_o_opens_it(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, CaseSelected("king-v-whitmer-sanctions", tab="about"))
        about = str(app.screen.query_one("#about-text", Static).render())
        assert "Arises from: King v. Whitmer" in about
        assert "king-v-whitmer" not in about
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.slug == "king-v-whitmer"
        # And back the other way: the parent names the matter arising from it.
        app.screen.action_tab("about")
        await settle(pilot)
        about = str(app.screen.query_one("#about-text", Static).render())
        assert "Related matters: King v. Whitmer sanctions" in about


# --- 3. every case a quote bears on ---------------------------------------------------


async def test_o_on_a_quote_of_several_cases_offers_each_by_keyboard(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, QuoteSelected("parker-never-about-fraud"))
        quote = app.screen
        assert isinstance(quote, QuoteScreen) and quote.detail is not None
        cases = quote.detail.cases
        assert len(cases) == 2
        facts = "\n".join(str(w.render()) for w in quote.query("#quote-facts Static"))
        assert "o chooses one of the 2" in facts
        await pilot.press("o")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, Picker)
        options = picker.query_one(OptionList)
        assert [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)] == [
            name for _, name in cases
        ]
        await pilot.press("escape")  # changed my mind: back on the quote
        assert app.screen is quote
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("down", "enter")  # the second case, not only the first
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.slug == cases[1][0]


# --- 4. hidden columns at 80 columns ---------------------------------------------------


async def test_at_80_columns_the_detail_line_shows_the_left_out_columns_of_the_highlighted_row(
    app: CasetrackApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        cases = table(app, "#cases")
        assert "court" not in cases.visible_columns
        for row in (0, 3):
            cases.move_cursor(row=row)
            await pilot.pause()
            case = cases.items[row]
            line = detail_line(cases)
            assert f"Court: {case.court}" in line, line
            assert f"Quotes: {case.quotes}" in line
        # The person screen's quotes: the source is left out of the row and named below it.
        await open_screen(pilot, PartySelected("rudolph-giuliani"))
        quotes = table(app, "#person-quotes")
        assert "source" not in quotes.visible_columns
        assert f"Source: {quotes.items[0].source.display()}" in detail_line(quotes)
        await pilot.resize_terminal(*SIZE)  # wide: every column, no detail line
        await settle(pilot)
        assert "source" in quotes.visible_columns and quotes.dropped_columns == []
        assert "Source:" not in detail_line(quotes)


# --- 5. an honest copy -----------------------------------------------------------------


async def test_c_says_what_it_did_and_w_writes_the_citation_to_a_file(
    app: CasetrackApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = notes_of(app, monkeypatch)
    path = Path(os.environ["CASETRACK_CITATIONS_FILE"])
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, QuoteSelected("parker-never-about-fraud"))
        quote = app.screen
        assert isinstance(quote, QuoteScreen) and quote.detail is not None
        citation = quote.detail.citation_line()
        assert "by Alan Feuer" in citation and "http" not in citation  # the byline; no invented URL
        await pilot.press("c")
        assert app.clipboard == citation
        assert "OSC 52" in notes[-1][0] and "press w" in notes[-1][0]
        assert "copied to the clipboard" not in notes[-1][0]  # no claim it cannot know
        await pilot.press("w")
        assert path.read_text(encoding="utf-8") == citation + "\n"
        assert notes[-1] == (f"Wrote the citation to {path}", "information")
        await pilot.press("w")  # a second one is added, not written over
        assert path.read_text(encoding="utf-8") == (citation + "\n") * 2
        # A folder that cannot be written: said in one line, nothing half-written.
        monkeypatch.setenv("CASETRACK_CITATIONS_FILE", str(path / "not-a-folder" / "x.txt"))
        await pilot.press("w")
        message, severity = notes[-1]
        assert severity == "error" and message.startswith("Could not write the citation to ")
        assert "\n" not in message


# --- 6. everything Giuliani said, and where ---------------------------------------------


def giuliani_quotes(seed_db: Path) -> set[str]:
    """His own words, from the database: quotes whose speaking actor is the party Giuliani."""
    engine = db.make_engine(f"sqlite:///{seed_db}", read_only=True)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT q.slug FROM quote q JOIN actor a ON a.id = q.speaker_actor_id "
                    "JOIN party p ON p.id = a.party_id WHERE p.slug = 'rudolph-giuliani'"
                )
            ).all()
    finally:
        engine.dispose()
    return {r[0] for r in rows}


async def search_giuliani(pilot: Any) -> SearchScreen:
    await settle(pilot)
    await pilot.press("slash", *"giuliani")
    app = pilot.app
    await wait_until(
        pilot,
        lambda: "results for 'giuliani'" in str(app.screen.query_one("#search-count", Static).render()),
        what="the results",
    )
    assert isinstance(app.screen, SearchScreen)
    return app.screen


async def test_everything_giuliani_said_and_where(app: CasetrackApp, seed_db: Path) -> None:
    own = giuliani_quotes(seed_db)
    assert len(own) >= 2
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_giuliani(pilot)
        results = screen.query_one("#search-results", OptionList)
        prompts = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        # Giuliani himself first, then what he said, under his name.
        assert prompts[0] == "People and organizations (1)"
        first = screen.hits[1]
        assert first is not None and (first.kind, first.slug) == ("party", "rudolph-giuliani")
        said = prompts.index(f"Said by Rudolph W. Giuliani ({len(own)})")
        assert said == 2
        group = screen.hits[said + 1 : said + 1 + len(own)]
        assert {h.slug for h in group if h is not None} == own  # exactly his words
        assert all(h is not None and h.speaker_slug == "rudolph-giuliani" for h in group)
        for i, hit in enumerate(group, start=said + 1):
            assert hit is not None and hit.source is not None
            shown = prompts[i]
            for part in ("— Rudolph W. Giuliani", "deposition answer", "undated", "in Coomer v. Trump campaign"):
                assert part in shown, (part, shown)
            assert hit.source.display() in shown and hit.source.display().startswith(MEMO)
        # Words about him, or his lawyer's, are elsewhere and say whose they are.
        others = [h for h in screen.hits[said + 1 + len(own) :] if h is not None and h.kind == "quote"]
        assert others and not {h.slug for h in others} & own
        sibley = next(h for h in others if h.slug == "giuliani-answer-substantially-true")
        assert "Joseph D. Sibley, counsel for Rudolph W. Giuliani" in prompts[screen.hits.index(sibley)]


# --- 7. the keys the README lists -----------------------------------------------------


async def test_the_person_screens_c_and_q_go_to_its_cases_and_its_quotes(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_screen(pilot, PartySelected("rudolph-giuliani"))
        await pilot.press("q")
        await pilot.pause()
        assert app.focused is table(app, "#person-quotes")
        await pilot.press("c")
        await pilot.pause()
        assert app.focused is table(app, "#person-cases")
