"""Command palette (ctrl+p): cases and people by name, search, the chronology, the case list and
the key help.

The names are read once the palette opens, in a worker (the app's :class:`Loader`); until they
come, the palette offers its commands, and a query waits for them without holding up the UI.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from casetrack.tui.messages import CaseSelected, PartySelected
from casetrack.vocab import label

if TYPE_CHECKING:
    from sqlmodel import Session

    from casetrack.services import Named
    from casetrack.tui.app import CasetrackApp

#: The most cases and people a query lists (the best first).
NAME_HITS = 20


def fetch_names(session: Session) -> list[Named]:
    from casetrack import services

    return services.names(session=session)


class CasetrackCommands(Provider):
    """Cases and people whose names hold what is typed, 'Search for “…”' for it, and the app's
    own commands."""

    _names: list[tuple[str, Named]] | None = None  # (every name it goes by, folded; the record)
    _loaded: asyncio.Event | None = None

    @property
    def _app(self) -> CasetrackApp:
        return cast("CasetrackApp", self.app)

    async def startup(self) -> None:
        self._loaded = asyncio.Event()
        self._app.load(fetch_names, self._names_loaded, group="palette-names", failed=self._names_failed)

    def _names_loaded(self, names: list[Named]) -> None:
        self._names = [(" ".join(filter(None, (n.name, n.also, n.slug))).casefold(), n) for n in names]
        if self._loaded is not None:
            self._loaded.set()

    def _names_failed(self, text: str) -> None:
        self._names = []
        if self._loaded is not None:
            self._loaded.set()
        self.app.notify(text, title="Could not list cases and people", severity="warning")

    def _commands(self) -> list[tuple[str, object, str]]:
        app = self._app
        return [
            (
                "Search",
                partial(app.action_search, ""),
                "Full-text search: quotes, cases, people, filings, rulings",
            ),
            ("Chronology", app.action_chronology, "What happened across every case, by date"),
            ("Cases", app.action_home, "Go back to the list of cases"),
            ("Keys", app.action_help, "Show the key bindings of this screen"),
        ]

    async def discover(self) -> Hits:
        for name, command, help_text in self._commands():
            yield DiscoveryHit(name, command, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, command, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, help=help_text)  # type: ignore[arg-type]
        text = query.strip()
        if not text:
            return
        yield Hit(
            0.1,
            f"Search for “{text}”",
            partial(self._app.action_search, text),
            help="Full-text search (quotes, cases, people, filings, rulings)",
        )
        if self._loaded is not None:
            await self._loaded.wait()
        words = text.casefold().split()
        found = [named for folded, named in self._names or () if all(w in folded for w in words)]
        scored = []
        for named in found:
            # The name itself first; a match on the caption or short name only counts a little less.
            score = matcher.match(named.name) or 0.9 * matcher.match(named.also or "") or 0.5
            scored.append((score, named))
        scored.sort(key=lambda pair: -pair[0])
        for score, named in scored[:NAME_HITS]:
            message = CaseSelected(named.slug) if named.kind == "case" else PartySelected(named.slug)
            what = label(named.kind).capitalize()
            also = f" · {'also ' if named.kind != 'case' else ''}{named.also}" if named.also else ""
            yield Hit(
                # Names rank above the commands and the search, which match anything typed.
                0.5 + score / 2,
                matcher.highlight(named.name),
                partial(self.app.post_message, message),
                text=named.name,
                help=f"{what}{also}",
            )
