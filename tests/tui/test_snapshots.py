"""Snapshots of each screen on the bundled seed (pytest-textual-snapshot).

A changed snapshot is a changed screen: look at it in snapshot_report.html before
accepting it with ``pytest tests/tui --snapshot-update``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from casetrack.tui.app import CasetrackApp
from casetrack.tui.messages import CaseSelected, EntrySelected, PartySelected, QuoteSelected
from tests.tui.waiting import settle, wait_until

Compare = Callable[..., bool]
Steps = Callable[[Pilot[None]], Awaitable[None]]


async def steady(pilot: Pilot[None]) -> None:
    """Settle, and stop text cursors blinking so a screenshot does not depend on the moment."""
    await settle(pilot)
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


def post(message: Any, *keys: str) -> Steps:
    """Open a screen by posting ``message`` (as a row's Enter would), then press ``keys``."""

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.post_message(message)
        await settle(pilot)
        await pilot.press(*keys)
        await steady(pilot)

    return run


def press(*keys: str, shows: tuple[str, str] | None = None) -> Steps:
    """Press ``keys``; with ``shows`` = (selector, text), wait until that widget shows the text
    (the name filter and the search wait for a pause in typing)."""

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        if shows is not None:
            selector, text = shows
            await wait_until(
                pilot, lambda: text in str(pilot.app.screen.query_one(selector, Static).render()), what=text
            )
        await steady(pilot)

    return run


def entry(kind: str, slug: str) -> Steps:
    """Open an entry's detail; its history's load times (the time the test seed was loaded)
    are set to one fixed time, so the picture does not depend on the day."""

    async def run(pilot: Pilot[None]) -> None:
        from casetrack.tui.screens.entry import EntryScreen

        await post(EntrySelected(kind, slug))(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, EntryScreen) and screen.detail is not None
        fixed = dt.datetime(2025, 1, 2, 9, 30)
        history = tuple(dataclasses.replace(c, loaded_at=fixed) for c in screen.detail.history)
        screen._show(dataclasses.replace(screen.detail, history=history))
        await steady(pilot)

    return run


async def september_2021(pilot: Pilot[None]) -> None:
    """The chronology (Ctrl+T), From and To typed as a reporter writes them."""
    await settle(pilot)
    await pilot.press("ctrl+t")
    await settle(pilot)
    await pilot.press("ctrl+f", *"Sep 2021", "tab", *"Sep 2021", "enter")
    shows = "from 2021-09-01 to 2021-09-30"
    await wait_until(
        pilot, lambda: shows in str(pilot.app.screen.query_one("#chron-count", Static).render()), what=shows
    )
    await steady(pilot)


SCREENS: dict[str, tuple[Steps, tuple[int, int]]] = {
    "cases": (press(), (120, 40)),
    "cases_80x24": (press(), (80, 24)),
    "cases_filtered": (press(*"king", shows=("#cases-count", "matching text: 'king'")), (120, 40)),
    "case_timeline": (post(CaseSelected("coomer-v-trump-campaign")), (120, 40)),
    "case_timeline_80x24": (post(CaseSelected("coomer-v-trump-campaign")), (80, 24)),
    "case_parties": (post(CaseSelected("coomer-v-trump-campaign"), "p"), (120, 40)),
    "case_quotes": (post(CaseSelected("coomer-v-trump-campaign"), "q", "down", "down"), (120, 40)),
    "case_about": (post(CaseSelected("king-v-whitmer-sanctions"), "a"), (120, 40)),
    "quote": (post(QuoteSelected("coomer-motion-continued-to-allow")), (120, 40)),
    "quote_80x24": (post(QuoteSelected("coomer-motion-continued-to-allow")), (80, 24)),
    "person": (post(PartySelected("sidney-powell")), (120, 40)),
    "search": (press("slash", *"powell", shows=("#search-count", "results for 'powell'")), (120, 40)),
    # Everything Giuliani said, and where: the man, then his own words with speaker, setting,
    # date, case and source (tests/tui/test_reporter_desk.py checks them against the database).
    "search_giuliani": (press("slash", *"giuliani", shows=("#search-count", "results for 'giuliani'")), (120, 40)),
    "help": (press("question_mark"), (120, 40)),
    "entry": (entry("filing", "coomer-motion-sept-2021"), (120, 40)),
    # The paragraph behind a case's status: r on the case.
    "source_status": (post(CaseSelected("coomer-v-trump-campaign"), "r"), (120, 40)),
    "source_quote": (post(QuoteSelected("coomer-motion-continued-to-allow"), "p"), (120, 40)),
    "chronology_sep_2021": (september_2021, (120, 40)),
    "chronology_sep_2021_80x24": (september_2021, (80, 24)),
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(name: str, snap_compare: Compare, app: CasetrackApp) -> None:
    steps, size = SCREENS[name]
    assert snap_compare(app, terminal_size=size, run_before=steps)
