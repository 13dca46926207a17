"""Command palette (ctrl+p): search, the case list and the key help, without touching the DB."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from casetrack.tui.app import CasetrackApp


class CasetrackCommands(Provider):
    """'Search for “…”' for whatever is typed, plus the app's own commands."""

    @property
    def _app(self) -> CasetrackApp:
        return cast("CasetrackApp", self.app)

    def _commands(self) -> list[tuple[str, object, str]]:
        app = self._app
        return [
            (
                "Search",
                partial(app.action_search, ""),
                "Full-text search: quotes, cases, people, filings, rulings",
            ),
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
        if query.strip():
            yield Hit(
                0.1,
                f"Search for “{query.strip()}”",
                partial(self._app.action_search, query.strip()),
                help="Full-text search (quotes, cases, people, filings, rulings)",
            )
