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


class EntrySelected(Message):
    """A timeline entry was chosen: ``kind`` is filing, ruling, deposition or event."""

    def __init__(self, kind: str, slug: str) -> None:
        super().__init__()
        self.kind = kind
        self.slug = slug


class PassageSelected(Message):
    """A citation was chosen: ``ref`` is 'SOURCE:p34', 'background:B06' or a quote's slug
    (casetrack.passage.read_passage reads it); ``refs``: the citations to step through with
    it (the sources of a case's status), in order, ``ref`` among them."""

    def __init__(self, ref: str, *, refs: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.ref = ref
        self.refs = refs or (ref,)
