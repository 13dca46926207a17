"""The TUI opens on "What's new" when a followed case changed since it was last seen (issue 15)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from casetrack.history import Watch
from casetrack.tui.app import CasetrackApp
from casetrack.tui.screens.cases import CasesScreen
from casetrack.tui.screens.whatsnew import WhatsNewScreen
from tests.tui.conftest import settle

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
