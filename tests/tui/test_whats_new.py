"""The TUI opens on "What's new" when a followed case changed since it was last seen (issue 15)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static

from casetrack.history import Watch
from casetrack.tui.app import CasetrackApp
from casetrack.tui.screens.cases import CasesScreen
from casetrack.tui.screens.whatsnew import WhatsNewScreen
from tests.tui.test_reporter_desk import notes_of
from tests.tui.waiting import settle

SIZE = (120, 40)
CASE = "coomer-v-trump-campaign"


async def test_whats_new_opens_for_a_followed_case_and_m_marks_it_seen(
    open_app: Callable[[Path], CasetrackApp], seed_db: Path
) -> None:
    Watch(following={CASE: {"note": "the campaign memo"}}).write()
    app = open_app(seed_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WhatsNewScreen)
        shown = str(app.screen.query_one("#whats-new-text", Static).render())
        assert "Coomer v. Trump campaign" in shown and "the campaign memo" in shown
        assert "Coomer v. Trump campaign: case added" in shown
        assert "Bannon" not in shown  # only the followed case
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, CasesScreen)
    assert Watch.read().seen == {seed_db.name: 1}
    again = open_app(seed_db)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, CasesScreen)  # nothing new since it was seen


async def test_no_followed_case_opens_on_the_case_list(app: CasetrackApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CasesScreen)
        assert Watch.read().following == {}


async def test_the_case_list_marks_cases_changed_since_last_seen(
    open_app: Callable[[Path], CasetrackApp], seed_db: Path
) -> None:
    from casetrack.tui.screens.cases import CHANGED_MARK
    from casetrack.tui.widgets import PagedTable

    for seen, marked in ((0, True), (1, False)):  # load 1 added every case
        Watch(seen={seed_db.name: seen}).write()
        app = open_app(seed_db)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            table = app.screen.query_one("#cases", PagedTable)
            names = [table.shown_cells(i)["name"] for i in range(len(table.items))]
            assert names and all(n.startswith(CHANGED_MARK) == marked for n in names), names[:3]


async def test_an_unreadable_follow_list_marks_nothing_and_the_case_list_still_shows(
    open_app: Callable[[Path], CasetrackApp], seed_db: Path
) -> None:
    from casetrack.tui.screens.cases import CHANGED_MARK
    from casetrack.tui.widgets import PagedTable
    from casetrack.watch import follow_file

    follow_file().parent.mkdir(parents=True, exist_ok=True)
    follow_file().write_text("{not json", encoding="utf-8")
    app = open_app(seed_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#cases", PagedTable)
        names = [table.shown_cells(i)["name"] for i in range(len(table.items))]
        assert names and not any(n.startswith(CHANGED_MARK) for n in names)


async def test_a_bug_in_reading_the_marks_is_not_hidden(
    open_app: Callable[[Path], CasetrackApp], seed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The marks are a nicety that an unreadable follow list or database may cost; a bug in
    reading them is said, not swallowed into a list without marks."""
    from casetrack import history

    def broken(conn: object, after_load: int) -> set[str]:
        raise TypeError("a bug")

    monkeypatch.setattr(history, "changed_cases", broken)
    Watch(seen={seed_db.name: 0}).write()
    app = open_app(seed_db)
    notes = notes_of(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("a bug" in message and severity == "error" for message, severity in notes), notes
