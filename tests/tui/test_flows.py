"""The flows a reporter uses, driven with Pilot on the bundled seed (read-only, as the CLI opens it)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session
from textual import events
from textual.widgets import Input, OptionList, Select, Static

from casetrack import db, services
from casetrack.tui.app import CasetrackApp
from casetrack.tui.format import KIND_HEADINGS
from casetrack.tui.screens.case import CaseScreen
from casetrack.tui.screens.cases import CasesScreen
from casetrack.tui.screens.help import HelpScreen
from casetrack.tui.screens.person import PersonScreen
from casetrack.tui.screens.quote import QuoteScreen
from casetrack.tui.screens.search import SearchScreen
from casetrack.tui.widgets import FIRST_PAGE, PagedTable, TabBar
from tests.tui.waiting import settle, wait_until

SIZE = (120, 40)


def table(app: CasetrackApp, selector: str) -> PagedTable[object]:
    return app.screen.query_one(selector, PagedTable)


def cells(tab: PagedTable[object], row: int) -> dict[str, str]:
    """What a row shows, by column key (plain text, without the leading gap)."""
    return tab.shown_cells(row)


def static_text(app: CasetrackApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def seed_cases(seed_db: Path) -> list[services.CaseSummary]:
    engine = db.make_engine(f"sqlite:///{seed_db}", read_only=True)
    try:
        with Session(engine) as session:
            return services.list_cases(session=session)
    finally:
        engine.dispose()


def record_notifications(app: CasetrackApp, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(title, message) of every notification the app shows from now on."""
    notes: list[tuple[str, str]] = []
    notify = app.notify

    def recording(message: str, *, title: str = "", **kwargs: Any) -> None:
        notes.append((title, message))
        notify(message, title=title, **kwargs)

    monkeypatch.setattr(app, "notify", recording)
    return notes


async def type_text(pilot: object, text: str) -> None:
    for ch in text:
        await pilot.press(ch)  # type: ignore[attr-defined]


# --- the case list -------------------------------------------------------------------


async def test_first_screen_lists_every_case_with_its_status(app: CasetrackApp, seed_db: Path) -> None:
    expected = seed_cases(seed_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CasesScreen)
        cases = table(app, "#cases")
        assert [c.slug for c in cases.items] == [c.slug for c in expected]
        assert cases.visible_columns == ["name", "kind", "court", "status", "as_of", "activity", "filings", "quotes"]
        row = cells(cases, [c.slug for c in cases.items].index("king-v-whitmer-sanctions"))
        # Names give way first (a bound "before 21 Sep 2021" widens the As of column): a cut
        # name ends in "…" and is a prefix of the whole name; the other values are whole.
        name = row.pop("name")
        assert name == "King v. Whitmer sanctions" or (
            name.endswith("…") and "King v. Whitmer sanctions".startswith(name[:-1]) and len(name) >= 24
        )
        assert row == {
            "kind": "sanctions",
            "court": "E.D. Mich.",
            "status": "sanctions imposed",
            "as_of": "25 Aug 2021",
            "activity": "25 Aug 2021",
            "filings": "0",
            "quotes": "1",
        }
        assert static_text(app, "#cases-count").startswith(f"{len(expected)} cases")


async def test_typing_narrows_by_name_and_escape_clears(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "domin")
        # The name filter waits for a pause in typing.
        await wait_until(pilot, lambda: "matching text: 'domin'" in static_text(app, "#cases-count"))
        names = [c.short_name for c in table(app, "#cases").items]
        assert names == ["Dominion v. Fox", "Dominion v. Giuliani", "Dominion v. Lindell", "Dominion v. Powell"]
        assert "matching text: 'domin'" in static_text(app, "#cases-count")
        await pilot.press("enter")  # back to the table
        await pilot.press("escape")  # clears the filters
        await settle(pilot)
        assert len(table(app, "#cases").items) == 17
        assert app.screen.query_one("#name-filter", Input).value == ""


async def test_down_from_the_name_filter_goes_on_to_the_narrowed_list(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "dom")
        await pilot.press("down")  # at once: the list is narrowed first, not after the pause
        await settle(pilot)
        cases = table(app, "#cases")
        assert app.focused is cases
        assert [c.short_name for c in cases.items][:1] == ["Dominion v. Fox"]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.slug == "dominion-v-giuliani"


async def test_filter_by_kind_and_status(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#kind-filter", Select).value = "election_challenge"
        await settle(pilot)
        items = table(app, "#cases").items
        assert [c.short_name for c in items] == [
            "Bowyer v. Ducey",
            "Feehan v. Wisconsin Elections Commission",
            "King v. Whitmer",
            "Pearson v. Kemp",
        ]
        assert {c.kind for c in items} == {"election_challenge"}
        app.screen.query_one("#status-filter", Select).value = "pending"
        await settle(pilot)
        assert table(app, "#cases").items == []
        assert static_text(app, "#cases-count").startswith("No cases")


async def test_kind_filter_with_the_keyboard(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("shift+tab", "shift+tab")  # table -> status filter -> kind filter
        assert app.focused is app.screen.query_one("#kind-filter", Select)
        await pilot.press("enter")
        # The list opens on the prompt; the kinds follow in vocabulary order.
        await pilot.press("down", "enter")
        await settle(pilot)
        assert {c.kind for c in table(app, "#cases").items} == {"defamation"}


async def test_sort_by_column_and_reverse(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")  # name -> kind
        await settle(pilot)
        kinds = [c.kind for c in table(app, "#cases").items]
        assert kinds == sorted(kinds)
        assert "sorted by kind ▲" in static_text(app, "#cases-count")
        await pilot.press("ctrl+r")
        await settle(pilot)
        kinds = [c.kind for c in table(app, "#cases").items]
        assert kinds == sorted(kinds, reverse=True)
        # Clicking a header sorts by it; counts sort largest first.
        await pilot.click("#cases", offset=(113, 0))
        await settle(pilot)
        quotes = [c.quotes for c in table(app, "#cases").items]
        assert quotes == sorted(quotes, reverse=True)
        assert quotes[0] == 9


async def test_narrow_terminal_drops_columns_but_keeps_values_whole(app: CasetrackApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        cases = table(app, "#cases")
        assert cases.visible_columns == ["name", "kind", "status", "as_of"]
        shown = [cells(cases, i) for i in range(len(cases.items))]
        assert {"election challenge", "defamation"} <= {row["kind"] for row in shown}
        assert "sanctions imposed" in {row["status"] for row in shown}
        # ...and the columns it keeps fit the width: no date is cut by the edge of the screen
        # ("before 21 Sep 2021" once showed as "before 21 Sep 20").
        assert cases.virtual_size.width <= cases.scrollable_content_region.width
        assert "before 21 Sep 2021" in {row["as_of"] for row in shown}
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert len(cases.visible_columns) == 8


# --- a case --------------------------------------------------------------------------


async def open_coomer(pilot: object, app: CasetrackApp) -> CaseScreen:
    await settle(pilot)  # type: ignore[arg-type]
    slugs = [c.slug for c in table(app, "#cases").items]
    cases = table(app, "#cases")
    cases.move_cursor(row=slugs.index("coomer-v-trump-campaign"))
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, CaseScreen)
    return app.screen


async def test_open_a_case_shows_header_and_timeline(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coomer(pilot, app)
        header = static_text(app, "#case-header")
        assert "Coomer v. Donald J. Trump for President, Inc., et al." in header
        assert "No. 2020CV34319" in header
        assert "Judge Marie Avery Moses" in header
        assert "Status: pending as of 13 May 2022" in header
        timeline = table(app, "#timeline-table")
        assert len(timeline.items) == 13
        dates = [cells(timeline, i)["date"] for i in range(13)]
        # The news conference stands outside any one suit but bears on Coomer's (it is linked).
        assert dates[:3] == ["19 Nov 2020", "22 Dec 2020", "Apr 2021"]
        assert "c. 16 Sep 2021" in dates and "Apr 2021" in dates
        assert dates[-1] == "undated"
        assert {e.kind for e in timeline.items} == {"filing", "deposition", "ruling", "event"}
        assert screen.query_one(TabBar).labels["timeline"] == "Timeline (13)"
        # The highlighted entry is shown in full under the table.
        await pilot.press("down")
        assert static_text(app, "#timeline-detail").startswith("Complaint of Eric Coomer")


async def test_tabs_parties_quotes_sources(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coomer(pilot, app)
        tabs = screen.query_one(TabBar)
        await pilot.press("p")
        await settle(pilot)
        assert tabs.active == "parties"
        parties = screen.query_one("#parties-list", OptionList)
        assert app.focused is parties
        headings = [str(parties.get_option_at_index(i).prompt) for i in range(parties.option_count)]
        assert headings[0] == "Plaintiff (1)" and "Defendants (10)" in headings
        await pilot.press("right")
        await settle(pilot)
        assert tabs.active == "quotes"
        quotes = table(app, "#quotes-table")
        assert len(quotes.items) == 9
        assert cells(quotes, 0) == {
            "date": "13 Nov 2020",
            "speaker": "Zach Parkinson",
            "setting": "email",
            "text": "“substantiate or debunk”",
        }
        detail = static_text(app, "#quote-detail")
        assert "— Zach Parkinson, email, 13 Nov 2020 · NYT: Trump campaign memo, 21 Sep 2021, ¶8" in detail
        await pilot.press("s")
        await settle(pilot)
        assert tabs.active == "sources"
        assert len(table(app, "#sources-table").items) > 50
        await pilot.press("left", "left", "left")
        assert tabs.active == "timeline"


async def test_party_opens_the_person_screen(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coomer(pilot, app)
        await pilot.press("p")
        await settle(pilot)
        parties = screen.query_one("#parties-list", OptionList)
        assert "Eric Coomer" in str(parties.get_option_at_index(parties.highlighted or 0).prompt.renderables[0])  # type: ignore[union-attr]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.slug == "eric-coomer"


async def test_the_mouse_opens_a_case_and_switches_tabs(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click("#cases", offset=(5, 3))  # the third row: the header is row 0
        await settle(pilot)
        assert table(app, "#cases").cursor_row == 2
        await pilot.click("#cases", offset=(5, 3))  # a second click opens it
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseScreen) and screen.slug == "coomer-v-trump-campaign"
        # A tab clicked before its table has been laid out: its rows arrive first (this
        # once added each row twice and crashed).
        bar = screen.query_one(TabBar)
        await pilot.click(TabBar, offset=(bar.offset_of("quotes") + 2, 0))
        await settle(pilot)
        assert screen.query_one(TabBar).active == "quotes"
        quotes = table(app, "#quotes-table")
        assert len(quotes.items) == quotes.row_count == 9


# --- quotes and people -----------------------------------------------------------------


async def test_open_a_quote_jump_to_speaker_and_back(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_coomer(pilot, app)
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("down", "down", "down", "down")  # Giuliani in his deposition
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuoteScreen)
        assert app.screen.slug == "giuliani-wanted-trump-to-lose"
        assert static_text(app, "#quote-text").startswith("“They wanted Trump to lose")
        facts = "\n".join(str(w.render()) for w in app.screen.query("#quote-facts Static"))
        memo = "NYT: Trump campaign memo, 21 Sep 2021, ¶29"
        for fact in ("Rudolph W. Giuliani", "deposition answer", "Coomer v. Trump campaign", memo):
            assert fact in facts
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.sub_title == "Rudolph W. Giuliani"
        # Giuliani is in several cases; his own words come from his deposition in Coomer's suit.
        person_cases = table(app, "#person-cases")
        assert len({r.case for r in person_cases.items}) >= 4
        assert {q.case for q in table(app, "#person-quotes").items} == {"coomer-v-trump-campaign"}
        await pilot.press("escape")
        assert isinstance(app.screen, QuoteScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, CasesScreen)
        await pilot.press("escape")  # the first screen stays
        assert isinstance(app.screen, CasesScreen)


async def test_an_undated_quote_reads_undated_on_every_screen(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_coomer(pilot, app)
        await pilot.press("q")
        await settle(pilot)
        quotes = table(app, "#quotes-table")
        row = [q.slug for q in quotes.items].index("giuliani-wanted-trump-to-lose")
        assert cells(quotes, row)["date"] == "undated"
        quotes.move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuoteScreen)
        facts = [str(w.render()) for w in app.screen.query("#quote-facts Static")]
        assert "undated" in facts[facts.index("Date") + 1]
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        said = table(app, "#person-quotes")
        assert {cells(said, i)["date"] for i in range(len(said.items))} == {"undated"}


async def test_copy_a_quote_with_its_citation(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(_quote_selected("parker-never-about-fraud"))
        await settle(pilot)
        assert isinstance(app.screen, QuoteScreen)
        await pilot.press("c")
        said = "“This case was never about fraud, … It was about undermining the people’s faith in our democracy"
        assert app.clipboard.startswith(said)
        headline = "“Trump Campaign Knew Lawyers’ Voting Machine Claims Were Baseless, Memo Shows”"
        # The source by name and place, then its headline, publisher and byline.
        source = "Source: NYT: Trump campaign memo, 21 Sep 2021, ¶34"
        assert app.clipboard.endswith(f"{source} ({headline}, The New York Times, by Alan Feuer).")


def _quote_selected(slug: str) -> object:
    from casetrack.tui.messages import QuoteSelected

    return QuoteSelected(slug)


async def test_origin_of_a_quote_opens_its_case_at_the_entry(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(_quote_selected("parkinson-substantiate-or-debunk"))
        await settle(pilot)
        quote = app.screen
        assert isinstance(quote, QuoteScreen)
        quote.action_open_origin("parkinson-emails")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        timeline = table(app, "#timeline-table")
        current = timeline.current
        assert current is not None and (current.kind, current.slug) == ("filing", "parkinson-emails")


# --- search --------------------------------------------------------------------------


async def test_search_and_open_a_quote(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "bloodless coup")
        await wait_until(
            pilot,
            lambda: (
                "result" in static_text(app, "#search-count")
                and "'bloodless coup'" in static_text(app, "#search-count")
            ),
        )
        results = app.screen.query_one("#search-results", OptionList)
        prompts = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        assert prompts[0] == "Quotes (1)"
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, QuoteScreen)
        assert app.screen.slug == "powell-bloodless-coup"


async def test_an_event_of_no_case_found_by_search_opens_in_full(app: CasetrackApp) -> None:
    """An event the sources tie to no case (Powell's Four Corners interview) has no case to
    open at: Enter opens the entry itself, not nothing."""
    from casetrack.tui.screens.entry import EntryScreen

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "Four Corners")
        await wait_until(
            pilot,
            lambda: (
                "result" in static_text(app, "#search-count") and "'Four Corners'" in static_text(app, "#search-count")
            ),
        )
        results = app.screen.query_one("#search-results", OptionList)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        at = next(i for i, h in enumerate(screen.hits) if h and h.slug == "powell-abc-four-corners-interview")
        hit = screen.hits[at]
        assert hit is not None and hit.case is None
        results.focus()
        results.highlighted = at
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        assert (app.screen.kind, app.screen.slug) == ("event", "powell-abc-four-corners-interview")


async def test_keys_typed_as_search_opens_go_into_the_box(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # "/" and the first letters arrive together: Textual hands all of them to the case
        # list, before "/" has opened the search.
        for key, char in [("slash", "/"), ("c", "c"), ("o", "o"), ("o", "o"), ("m", "m")]:
            app.post_message(events.Key(key, char))
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, SearchScreen) and "results for 'coom'" in static_text(app, "#search-count"),
        )
        assert isinstance(app.screen, SearchScreen)
        box = app.screen.query_one("#search-input", Input)
        assert box.value == "coom" and app.screen.focused is box
        assert "eric-coomer" in {h.slug for h in app.screen.hits if h is not None}
        # ...and not into the case list's type-to-narrow filter underneath.
        assert app.screen_stack[-2].query_one("#name-filter", Input).value == ""


async def test_search_result_groups_and_a_filing_opens_its_case(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "memo")
        await pilot.press("enter")  # search now and move to the results
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        hits = [h for h in screen.hits if h is not None]
        kinds = [h.kind for h in hits]
        assert "filing" in kinds
        # Results are grouped: each kind's hits are together, under one heading, and the
        # group of the best hit comes first.
        groups = [k for i, k in enumerate(kinds) if i == 0 or kinds[i - 1] != k]
        assert len(groups) == len(set(groups))
        assert groups[0] == hits[0].kind  # hits come best first (search.search orders them)
        results = screen.query_one("#search-results", OptionList)
        headings = [str(o.prompt) for o in results.options if o.disabled]
        assert [h.split(" (")[0] for h in headings] == [KIND_HEADINGS[k] for k in groups]
        index = next(i for i, h in enumerate(screen.hits) if h is not None and h.slug == "trump-campaign-dominion-memo")
        results.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.slug == "coomer-v-trump-campaign"
        current = table(app, "#timeline-table").current
        assert current is not None and current.slug == "trump-campaign-dominion-memo"


async def test_odd_search_syntax_is_just_words(app: CasetrackApp, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = record_notifications(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, 'NEAR( "powell -* )')
        await pilot.press("enter")
        await settle(pilot)
        assert "Could not load" not in [title for title, _ in notes]
        assert "for 'NEAR( \"powell -* )'" in static_text(app, "#search-count")


async def test_command_palette_searches(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_search("giuliani")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert any(h is not None and h.slug == "rudolph-giuliani" for h in screen.hits)


# --- help, errors ----------------------------------------------------------------------


async def test_help_lists_the_keys_of_the_screen(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text", Static).render())
        for words in ("Sort", "Reverse", "Filter", "Clear filters", "Search", "Quit", "column header to sort"):
            assert words in text
        await pilot.press("escape")
        assert isinstance(app.screen, CasesScreen)
        await open_coomer(pilot, app)
        await pilot.press("question_mark")
        text = str(app.screen.query_one("#help-text", Static).render())
        for words in ("Keys — Coomer v. Trump campaign", "Timeline", "Parties", "Quotes", "Back"):
            assert words in text
        # Only the case list sorts by a click on a column header; help says so only there.
        assert "column header" not in text
        await pilot.press("question_mark")  # ? closes it too
        assert isinstance(app.screen, CaseScreen)


async def test_unknown_case_is_reported_not_raised(app: CasetrackApp, monkeypatch: pytest.MonkeyPatch) -> None:
    from casetrack.tui.messages import CaseSelected

    notes = record_notifications(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(CaseSelected("coomer-v-trump"))
        await settle(pilot)
        messages = [message for _, message in notes]
        assert any("coomer-v-trump-campaign" in m for m in messages), messages  # did you mean
        assert isinstance(app.screen, CasesScreen)  # nothing opened


# --- large databases: pages load as the user scrolls ------------------------------------


async def test_case_list_loads_a_page_at_a_time(open_app: Callable[[Path], CasetrackApp], paged_db: Path) -> None:
    app = open_app(paged_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        cases = table(app, "#cases")
        assert len(cases.items) == FIRST_PAGE  # about a screenful first
        assert static_text(app, "#cases-count").startswith(f"showing {FIRST_PAGE} of 450 cases")
        await pilot.press("end")
        await settle(pilot)
        assert len(cases.items) == FIRST_PAGE + 200
        await pilot.press("end")
        await settle(pilot)
        assert len(cases.items) == 450
        assert len({c.slug for c in cases.items}) == 450
        assert static_text(app, "#cases-count").startswith("450 cases")


def _write(path: Path, sql: str, rows: list[tuple[object, ...]]) -> None:
    import sqlite3

    with sqlite3.connect(path) as conn:  # another process's load, as far as the app can tell
        conn.executemany(sql, rows)
    conn.close()


async def test_later_pages_stay_consistent_while_a_load_commits(
    open_app: Callable[[Path], CasetrackApp], paged_db: Path, tmp_path: Path
) -> None:
    """A load commits between page 1 and page 2: cases deleted before the cursor and added on
    both sides of it. No case is shown twice or skipped, and the count says what is shown."""
    import shutil

    path = tmp_path / "paged.db"
    shutil.copy(paged_db, path)
    insert = (
        "INSERT INTO legal_case (slug, case_name, short_name, kind, date_filed_approximate,"
        " date_terminated_approximate) VALUES (?, ?, ?, 'defamation', 0, 0)"
    )
    extras = [f"aaa-extra-{i}" for i in range(10)]
    _write(path, insert, [(slug, slug, slug) for slug in extras])  # they lead the list by name
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        cases = table(app, "#cases")
        assert len(cases.items) == FIRST_PAGE
        before = [c.slug for c in cases.items]
        assert before[:10] == extras
        assert static_text(app, "#cases-count").startswith(f"showing {FIRST_PAGE} of 460 cases")
        _write(path, "DELETE FROM legal_case WHERE slug = ?", [(slug,) for slug in extras[:5]])
        _write(path, insert, [("aab-new", "aab-new", "aab-new"), ("zzz-new", "zzz-new", "zzz-new")])
        while not cases.exhausted:
            await pilot.press("end")
            await settle(pilot)
        shown = [c.slug for c in cases.items]
        count = static_text(app, "#cases-count")
    assert len(shown) == len(set(shown)), "a case was shown twice"
    assert shown[:FIRST_PAGE] == before
    engine = db.make_engine(f"sqlite:///{path}", read_only=True)
    try:
        with Session(engine) as session:
            now = [c.slug for c in services.list_cases(session=session)]
    finally:
        engine.dispose()
    # Every case there all along is shown once; the later pages are the list as it is now,
    # from the last case of page 1 on (the case added before it waits for a reload).
    assert shown[FIRST_PAGE:] == now[now.index(before[-1]) + 1 :]
    # The five deleted cases were shown on page 1 and stay until a reload.
    assert len(shown) == 460 + 1 and "zzz-new" in shown and "aab-new" not in shown
    assert count.startswith("461 cases")  # what the list shows


async def test_large_case_timeline_pages(open_app: Callable[[Path], CasetrackApp], paged_db: Path) -> None:
    app = open_app(paged_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s", "ctrl+s", "ctrl+s", "ctrl+s", "ctrl+s", "ctrl+s")  # sort by filings
        await settle(pilot)
        assert "sorted by filings ▼" in static_text(app, "#cases-count")
        biggest = table(app, "#cases").items[0]
        assert biggest.filings >= 500
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        timeline = table(app, "#timeline-table")
        assert len(timeline.items) == FIRST_PAGE
        assert screen.timeline_total is not None and screen.timeline_total >= 500
        await pilot.press("end")
        await settle(pilot)
        assert len(timeline.items) == FIRST_PAGE + 200
        await pilot.press("end")
        await settle(pilot)
        assert len(timeline.items) == FIRST_PAGE + 400
        keys = [(e.kind, e.slug) for e in timeline.items]
        assert len(set(keys)) == FIRST_PAGE + 400


# --- speed features: they must not change what the reporter sees ------------------------


async def test_the_case_under_the_cursor_is_fetched_ahead(app: CasetrackApp, monkeypatch: object) -> None:
    import casetrack.tui.screens.opener as opener_module

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = table(app, "#cases").items[0]
        assert set(app.opener.fetched_ahead) == {first.slug}  # the first row, once the list is shown
        await pilot.press("down", "down")  # passing by row 1 ...
        third = table(app, "#cases").items[2]
        await wait_until(pilot, lambda: third.slug in app.opener.fetched_ahead)
        await settle(pilot)
        assert set(app.opener.fetched_ahead) == {first.slug, third.slug}  # ... fetches only where it rests

        def no_query(*args: object, **kwargs: object) -> object:
            raise AssertionError("opened with a query although it was fetched ahead")

        monkeypatch.setattr(opener_module, "fetch_opening", no_query)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseScreen) and screen.slug == third.slug
        assert screen.detail is not None and table(app, "#timeline-table").items


async def test_a_case_fetched_ahead_long_ago_is_fetched_again(app: CasetrackApp) -> None:
    import dataclasses

    import casetrack.tui.screens.opener as opener_module

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = table(app, "#cases").items[0]
        when, opening = app.opener.fetched_ahead[first.slug]
        # What was fetched long ago may have changed since: marked, it must not be shown.
        old = dataclasses.replace(opening, detail=dataclasses.replace(opening.detail, short_name="OLD NAME"))
        app.opener.fetched_ahead[first.slug] = (when - opener_module.PREFETCH_FRESH - 1, old)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.sub_title == first.short_name


async def test_the_key_bar_runs_a_clicked_key_and_keeps_the_palette_key(app: CasetrackApp) -> None:
    from casetrack.tui.widgets import KeyBar

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        text = str(bar.render())
        assert text.rstrip().endswith("^p palette")  # on the right, even at 80 columns
        await pilot.click(KeyBar, offset=(text.index("? Keys") + 1, 0))
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_page_down_and_up_move_the_cursor_a_screenful(
    open_app: Callable[[Path], CasetrackApp], paged_db: Path
) -> None:
    app = open_app(paged_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        cases = table(app, "#cases")
        shown = cases.scrollable_content_region.height - 1  # rows under the header
        limit = cases.max_scroll_y  # as far as the rows loaded so far let the view go
        await pilot.press("pagedown")
        assert cases.cursor_row == shown
        # The view moves a screenful too (as far as it can), the cursor on screen.
        assert cases.scroll_y == min(shown, limit) > 1
        assert cases.scroll_y <= cases.cursor_row < cases.scroll_y + shown
        await pilot.press("pagedown", "pagedown")  # at most to the last row loaded
        await settle(pilot)
        assert len(cases.items) > FIRST_PAGE  # coming near the end asked for the next page
        row = cases.cursor_row
        assert shown < row <= 3 * shown
        await pilot.press("pageup")
        assert cases.cursor_row == row - shown
        await pilot.press("home")
        assert cases.cursor_row == 0 and cases.scroll_y == 0


async def test_opening_at_an_entry_far_down_the_timeline_pages_to_it(
    open_app: Callable[[Path], CasetrackApp], paged_db: Path
) -> None:
    from casetrack.tui.messages import CaseSelected

    engine = db.make_engine(f"sqlite:///{paged_db}", read_only=True)
    try:
        with Session(engine) as session:
            biggest = max(services.list_cases(session=session), key=lambda c: c.filings).slug
            far = services.case_timeline(session=session, slug=biggest)[FIRST_PAGE + 250]
    finally:
        engine.dispose()
    app = open_app(paged_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(CaseSelected(biggest, entry=(far.kind, far.slug)))
        await settle(pilot)
        timeline = table(app, "#timeline-table")
        current = timeline.current
        assert current is not None and (current.kind, current.slug) == (far.kind, far.slug)
        shown = timeline.scrollable_content_region.height - 1
        assert timeline.scroll_y <= timeline.cursor_row < timeline.scroll_y + shown  # on screen
        assert far.title in static_text(app, "#timeline-detail")


async def test_the_cursor_stays_on_screen_when_the_terminal_shrinks(
    open_app: Callable[[Path], CasetrackApp], paged_db: Path
) -> None:
    app = open_app(paged_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        await pilot.resize_terminal(80, 20)
        await settle(pilot)
        cases = table(app, "#cases")
        shown = cases.scrollable_content_region.height - 1
        assert cases.scroll_y <= cases.cursor_row < cases.scroll_y + shown


async def test_a_table_wider_than_the_terminal_scrolls_sideways(app: CasetrackApp) -> None:
    async with app.run_test(size=(40, 24)) as pilot:
        await settle(pilot)
        cases = table(app, "#cases")
        assert cases.virtual_size.width > cases.scrollable_content_region.width  # rigid columns
        width = cases.scrollable_content_region.width
        before = cases.render_line(0).text  # the header, from its first column
        await pilot.press("right", "right", "right")  # the table has the focus
        await pilot.pause()
        shift = int(cases.scroll_x)
        assert shift > 0
        after = cases.render_line(0).text
        assert after[: width - shift] == before[shift:]  # the columns moved left with the view


async def test_a_case_that_opens_after_the_user_moved_on_is_not_pushed(app: CasetrackApp, monkeypatch: object) -> None:
    import threading

    import casetrack.tui.screens.opener as opener_module
    from casetrack.tui.messages import CaseSelected

    release = threading.Event()
    real = opener_module.fetch_opening

    def slow(*args: object, **kwargs: object) -> object:
        release.wait(5)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the first row is fetched ahead as before: only the opening waits
        monkeypatch.setattr(opener_module, "fetch_opening", slow)  # type: ignore[attr-defined]
        app.post_message(CaseSelected("dominion-v-powell"))
        await pilot.pause()
        await pilot.press("slash")  # the reporter starts a search while the case loads
        assert isinstance(app.screen, SearchScreen)
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)  # the case did not open on top of it
        assert [type(s) for s in app.screen_stack] == [CasesScreen, SearchScreen]


async def test_enter_right_after_moving_does_not_also_fetch_ahead(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        second = table(app, "#cases").items[1]
        await pilot.press("down", "enter")
        assert not app.opener.fetch_ahead_pending  # Enter called off the fetch the move asked for
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.slug == second.slug
        assert second.slug not in app.opener.fetched_ahead


# --- who said it, and records shared by several cases (schema v2) ----------------------


async def test_counsel_speaks_for_a_client_and_is_not_the_client(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.post_message(_quote_selected("coomer-lawyers-opinion-based-on"))
        await settle(pilot)
        assert isinstance(app.screen, QuoteScreen)
        facts = "\n".join(str(w.render()) for w in app.screen.query("#quote-facts Static"))
        assert "Counsel for Eric Coomer" in facts and "deposition question" in facts
        assert "Speaker  Eric Coomer" not in facts
        await pilot.press("s")  # unnamed lawyers are no person to open: the screen says so and stays
        await settle(pilot)
        assert isinstance(app.screen, QuoteScreen)

        def toasts() -> list[str]:
            return [str(toast.render()) for toast in app.screen.query("Toast")]

        await wait_until(pilot, toasts, what="a toast (mounted a moment after notify())")
        assert any("Counsel for Eric Coomer is not a person" in text for text in toasts()), toasts()


async def test_a_quote_that_bears_on_no_case_says_so(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(_quote_selected("powell-bloodless-coup"))
        await settle(pilot)
        facts = "\n".join(str(w.render()) for w in app.screen.query("#quote-facts Static"))
        assert "none: the source ties it to no case" in facts
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, QuoteScreen)


async def test_a_ruling_shared_by_three_suits_names_the_others(app: CasetrackApp) -> None:
    from casetrack.tui.messages import CaseSelected

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(CaseSelected("dominion-v-lindell"))
        await settle(pilot)
        timeline = table(app, "#timeline-table")
        row = [e.slug for e in timeline.items].index("nichols-opinion-powell")
        timeline.move_cursor(row=row)
        await settle(pilot)
        detail = static_text(app, "#timeline-detail")
        assert "Also in: Dominion v. Giuliani, Dominion v. Powell" in detail
