"""Navigation messages. Screens post them; the app answers by pushing the screen asked for.

Data messages (CasesLoaded, QuoteLoaded...) live with the screen that loads the data.
"""

from __future__ import annotations

from textual.message import Message


class CaseSelected(Message):
    """Open a case; ``entry`` = (kind, slug) of a timeline entry to put the cursor on."""

    def __init__(self, slug: str, *, entry: tuple[str, str] | None = None, tab: str | None = None) -> None:
        super().__init__()
        self.slug = slug
        self.entry = entry
        self.tab = tab


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
