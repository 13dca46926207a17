"""Navigation messages. Screens post them; the app answers by pushing the screen asked for.

Data messages (CasesLoaded, QuoteLoaded...) live with the screen that loads the data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from textual.screen import Screen

    from casetrack.tui.screens.case import CaseOpening


class CaseSelected(Message):
    """Open a case; ``entry`` = (kind, slug) of a timeline entry to put the cursor on."""

    def __init__(self, slug: str, *, entry: tuple[str, str] | None = None, tab: str | None = None) -> None:
        super().__init__()
        self.slug = slug
        self.entry = entry
        self.tab = tab


class CaseFetched(Message):
    """What a case screen shows first has been fetched (the app opens the screen)."""

    def __init__(self, selected: CaseSelected, opening: CaseOpening, screen: Screen[object]) -> None:
        super().__init__()
        self.selected = selected
        self.opening = opening
        self.screen = screen  # the screen that was current when the case was selected


class CasePrefetched(Message):
    """A case the cursor rests on was fetched ahead (the app keeps it for a while)."""

    def __init__(self, slug: str, opening: CaseOpening) -> None:
        super().__init__()
        self.slug = slug
        self.opening = opening


class QuoteSelected(Message):
    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug


class PartySelected(Message):
    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug


class LoadFailed(Message):
    """A worker could not load what a screen asked for; the text is for the user."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
