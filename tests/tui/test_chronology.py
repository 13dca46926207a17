"""The chronology screen and the command palette's names, driven with Pilot on the bundled seed.

A new reporter asks "what happened in September 2021, across all cases?" and answers it
without SQL: Ctrl+T, then the dates typed as people write them.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlmodel import Session
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select

from casetrack import chronology, db
from casetrack.tui.app import CasetrackApp
from casetrack.tui.messages import CaseSelected
from casetrack.tui.screens.case import CaseScreen
from casetrack.tui.screens.cases import CasesScreen
from casetrack.tui.screens.chronology import ChronologyScreen
from casetrack.tui.screens.entry import EntryScreen
from casetrack.tui.screens.help import HelpScreen
from casetrack.tui.screens.person import PersonScreen
from casetrack.tui.screens.quote import QuoteScreen
from casetrack.tui.widgets import PagedTable
from tests.tui.test_flows import SIZE, record_notifications, static_text, type_text
from tests.tui.waiting import settle, wait_until

SEPTEMBER = "from 2021-09-01 to 2021-09-30"


def service(seed_db: Path, **filters: object) -> list[chronology.ChronologyEntry]:
    """What casetrack.chronology answers, as the CLI asks it."""
    engine = db.make_engine(f"sqlite:///{seed_db}", read_only=True)
    try:
        with Session(engine) as session:
            return chronology.chronology(session=session, **filters)  # type: ignore[arg-type]
    finally:
        engine.dispose()


def rows(app: CasetrackApp) -> PagedTable[chronology.ChronologyEntry]:
    return app.screen.query_one("#chronology", PagedTable)


async def open_chronology(pilot: Pilot[None]) -> ChronologyScreen:
    await settle(pilot)
    await pilot.press("ctrl+t")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ChronologyScreen)
    return screen


async def ask_for(pilot: Pilot[None], start: str, end: str, *, shows: str) -> None:
    """Type the dates in From and To, as a reporter would, and wait for the answer."""
    await pilot.press("ctrl+f")
    await type_text(pilot, start)
    await pilot.press("tab")
    await type_text(pilot, end)
    await pilot.press("enter")
    await wait_until(pilot, lambda: shows in static_text(pilot.app, "#chron-count"), what=shows)  # type: ignore[arg-type]
    await settle(pilot)


@pytest.mark.parametrize(("start", "end"), [("Sep 2021", "Sep 2021"), ("2021-09", "2021-09")])
async def test_what_happened_in_september_2021_across_all_cases(
    app: CasetrackApp, seed_db: Path, start: str, end: str
) -> None:
    expected = service(seed_db, start=dt.date(2021, 9, 1), end=dt.date(2021, 9, 30))
    async with app.run_test(size=SIZE) as pilot:
        await open_chronology(pilot)
        await ask_for(pilot, start, end, shows=SEPTEMBER)
        table = rows(app)
        assert [(e.kind, e.slug) for e in table.items] == [(e.kind, e.slug) for e in expected]
        assert table.exhausted
        assert static_text(app, "#chron-count").startswith(f"{len(expected)} entries · {SEPTEMBER}")
        shown = {e.slug: table.shown_cells(row) for row, e in enumerate(table.items)}
        # The court papers with the campaign's memo came out on 20 Sep 2021 (the NYT's memo
        # article is of 21 Sep); the 60 failed suits are dated by that article: "before".
        released = shown["coomer-documents-released"]
        # The case and what happened share the width (a cut cell ends in "…"; the line under
        # the table has them whole); the date, kind and type are never cut.
        for key, whole in (
            ("case", "Coomer v. Trump campaign"),
            ("what", "Court documents with the campaign memo released"),
        ):
            assert released.pop(key).rstrip("…") in whole
        assert released == {"date": "20 Sep 2021", "kind": "event", "subkind": "other", "speaker": ""}
        assert shown["trump-campaign-failed-lawsuits--failed--2021-09-21"]["date"] == "before 21 Sep 2021"
        assert shown["coomer-motion-lines-blurred"]["what"] == "“the lines were blurred”"
        assert "Counsel for Eric".startswith(shown["coomer-motion-lines-blurred"]["speaker"].rstrip("…")[:16])
        table.move_cursor(row=list(shown).index("coomer-documents-released"))
        await settle(pilot)
        detail = static_text(app, "#chron-detail")
        assert "20 Sep 2021 · event · other · Coomer v. Trump campaign" in detail
        assert "Court documents with the campaign memo released" in detail
        # Labels, never raw vocabulary values.
        assert not any("_" in cell for row in shown.values() for cell in row.values())
        assert {e.kind for e in table.items} >= {"filing", "status", "quote", "event"}


async def test_everything_by_date_with_undated_last(app: CasetrackApp, seed_db: Path) -> None:
    everything = service(seed_db)
    undated = [e for e in everything if e.date is None]
    async with app.run_test(size=SIZE) as pilot:
        await open_chronology(pilot)
        table = rows(app)
        assert len(table.items) < len(everything), "a page at a time"
        while not table.exhausted:
            await pilot.press("end")  # the last row loaded: the next page comes
            await settle(pilot)
        assert [(e.kind, e.slug) for e in table.items] == [(e.kind, e.slug) for e in everything]
        dates = [table.shown_cells(row)["date"] for row in range(len(table.items))]
        assert dates[-len(undated) :] == ["undated"] * len(undated)
        assert "undated" not in dates[: -len(undated)]
        assert static_text(app, "#chron-count").startswith(f"{len(everything)} entries · every case")


async def test_filters_by_case_name_kind_and_person(app: CasetrackApp, seed_db: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_chronology(pilot)
        screen.query_one("#chron-case", Input).value = "Coomer v. Trump campaign"
        screen.query_one("#chron-party", Input).value = "giuliani"
        screen.apply_filters()
        await settle(pilot)
        expected = service(seed_db, case_slug="coomer-v-trump-campaign", party="rudolph-giuliani")
        assert [e.slug for e in rows(app).items] == [e.slug for e in expected]
        screen.query_one("#chron-kind", Select).value = "filing"
        await settle(pilot)
        filings = [e for e in expected if e.kind == "filing"]
        assert filings and [e.slug for e in rows(app).items] == [e.slug for e in filings]
        assert "filings only" in static_text(app, "#chron-count")


async def test_a_date_that_is_not_one_says_so_and_keeps_the_rows(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_chronology(pilot)
        before = list(rows(app).items)
        await pilot.press("ctrl+f")
        await type_text(pilot, "Septober")
        await pilot.press("enter")
        await settle(pilot)
        assert static_text(app, "#chron-count").startswith("From: ")
        assert "Sep 2021" in static_text(app, "#chron-count")  # how to write one
        assert rows(app).items == before
        screen = app.screen
        assert isinstance(screen, ChronologyScreen)
        screen.query_one("#chron-case", Input).value = "no-such-case"
        screen.query_one("#chron-from", Input).value = ""
        screen.apply_filters()
        await settle(pilot)
        assert "no case 'no-such-case'" in static_text(app, "#chron-count")


async def test_enter_opens_the_entry_the_quote_or_the_status_history(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_chronology(pilot)
        await ask_for(pilot, "Sep 2021", "Sep 2021", shows=SEPTEMBER)
        table = rows(app)

        async def enter_on(slug: str) -> None:
            table.move_cursor(row=[e.slug for e in table.items].index(slug))
            await pilot.press("enter")
            await settle(pilot)

        await enter_on("coomer-motion-lines-blurred")
        assert isinstance(app.screen, QuoteScreen)
        assert app.screen.slug == "coomer-motion-lines-blurred"
        await pilot.press("escape")
        await enter_on("parkinson-emails")
        entry = app.screen
        assert isinstance(entry, EntryScreen)
        assert (entry.kind, entry.slug) == ("filing", "parkinson-emails")
        await pilot.press("escape")
        assert isinstance(app.screen, ChronologyScreen)
        await enter_on("trump-campaign-failed-lawsuits--failed--2021-09-21")
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.active_tab == "about"  # the status history


async def test_at_80_columns_the_line_under_the_table_shows_what_the_columns_leave_out(app: CasetrackApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chronology(pilot)
        await ask_for(pilot, "2021-09", "2021-09", shows=SEPTEMBER)
        table = rows(app)
        assert "speaker" not in table.visible_columns
        table.move_cursor(row=[e.slug for e in table.items].index("coomer-motion-memo-shows"))
        await settle(pilot)
        line = static_text(app, "#chron-detail")
        assert "c. 16 Sep 2021 · quote · filing · Coomer v. Trump campaign · said by Counsel for Eric Coomer" in line
        assert "The memo produced by the Trump campaign shows" in line


async def test_the_chronology_is_a_key_away_everywhere_and_listed(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "^t Chronology" in str(app.screen.query_one("KeyBar").render())
        app.post_message(CaseSelected("coomer-v-trump-campaign"))
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Chronology: what happened across every case, by date" in static_text(app, "#help-text")
        await pilot.press("escape", "ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, ChronologyScreen)
        await pilot.press("question_mark")
        text = static_text(app, "#help-text")
        assert "Keys — Chronology" in text and "Sep 2021" in text and "Filter" in text
        await pilot.press("escape", "escape", "escape")
        assert isinstance(app.screen, CasesScreen)


# --- the command palette: cases and people by name ---------------------------------------


async def palette_offers(pilot: Pilot[None], text: str, wanted: str) -> CommandPalette:
    """Open the palette, type ``text`` and wait until it lists ``wanted``."""
    await pilot.press("ctrl+p")
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    await type_text(pilot, text)

    def listed() -> list[str]:
        options = palette.query_one(OptionList)
        return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]

    await wait_until(pilot, lambda: any(wanted in line for line in listed()), what=f"{wanted} offered")
    return palette


async def test_the_palette_offers_a_case_and_a_person_by_name(
    app: CasetrackApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = record_notifications(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette_offers(pilot, "giulia", "Rudolph W. Giuliani")
        # The best hit first: cases and people named so rank above the commands.
        await pilot.press("down")
        options = app.screen.query_one("OptionList")
        picked = str(options.get_option_at_index(options.highlighted).prompt)  # type: ignore[attr-defined]
        while "Rudolph W. Giuliani" not in picked:
            await pilot.press("down")
            picked = str(options.get_option_at_index(options.highlighted).prompt)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.slug == "rudolph-giuliani"
        await pilot.press("escape")
        # A case by part of its caption ("US Dominion, Inc. v. Powell"), not its short name.
        await palette_offers(pilot, "us dominion", "Dominion v. Powell")
        await pilot.press("down")
        options = app.screen.query_one("OptionList")
        while "Dominion v. Powell" not in str(options.get_option_at_index(options.highlighted).prompt):  # type: ignore[attr-defined]
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.slug == "dominion-v-powell"
    assert not [n for n in notes if n[0].startswith("Could not")]


async def test_the_palette_reads_names_in_a_worker_and_answers_meanwhile(
    app: CasetrackApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casetrack.tui import commands

    release, threads = threading.Event(), []
    fetch = commands.fetch_names

    def slow_fetch(session: Session) -> list[object]:
        threads.append(threading.get_ident())
        release.wait(10)
        return fetch(session)  # type: ignore[return-value]

    monkeypatch.setattr(commands, "fetch_names", slow_fetch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # While the names are being read, the palette takes keys and offers its commands.
        palette = await palette_offers(pilot, "chron", "Chronology")
        assert threads and threads[0] != threading.get_ident(), "the names are read off the main thread"
        release.set()
        await pilot.press(*["backspace"] * len("chron"), *"giul")
        await wait_until(
            pilot,
            lambda: any(
                "Rudolph W. Giuliani" in str(palette.query_one(OptionList).get_option_at_index(i).prompt)
                for i in range(palette.query_one(OptionList).option_count)
            ),
            what="Giuliani offered once the names came",
        )
