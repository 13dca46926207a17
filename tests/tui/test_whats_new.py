"""The TUI opens on "What's new" when a followed case changed since it was last seen (issue 15)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from casetrack.history import Watch
from casetrack.tui.app import CasetrackApp
from casetrack.tui.screens.cases import CasesScreen
from casetrack.tui.screens.whatsnew import WhatsNewScreen
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
