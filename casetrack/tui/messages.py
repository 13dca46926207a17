"""Navigation messages. Screens post them; the app answers by opening the screen asked for.

Loaded data comes back as :class:`casetrack.tui.loading.Loaded`. This module imports no screen.
"""

from __future__ import annotations

from textual.message import Message


class CaseSelected(Message):
    """A case was chosen; ``entry`` = (kind, slug) of a timeline entry to put the cursor on."""

    def __init__(self, slug: str, *, entry: tuple[str, str] | None = None, tab: str | None = None) -> None:
        super().__init__()
        self.slug = slug
        self.entry = entry
        self.tab = tab


class CaseHighlighted(Message):
    """The cursor came to rest on a case in a list (it may be fetched ahead); ``now``: at once."""

    def __init__(self, slug: str, *, now: bool = False) -> None:
        super().__init__()
        self.slug = slug
        self.now = now


class QuoteSelected(Message):
    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug


class PartySelected(Message):
    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
