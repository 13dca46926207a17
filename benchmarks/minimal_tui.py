"""The floor for casetrack's first screen: a minimal Textual app with a DataTable and a Footer
whose rows come from ``v_case_status`` through the sqlite3 module (the first 200 by name, as
casetrack's first page). Usage: python benchmarks/minimal_tui.py DB"""

from __future__ import annotations

import sqlite3
import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer

QUERY = """
    SELECT short_name, kind, court_name, status, as_of FROM v_case_status
    ORDER BY lower(short_name), case_slug LIMIT 200
"""


class Minimal(App[None]):
    BINDINGS = [("q", "quit", "Quit")]  # noqa: RUF012 (typed by App)

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Case", "Kind", "Court", "Status", "As of")
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) as conn:
            table.add_rows(conn.execute(QUERY).fetchall())


if __name__ == "__main__":
    Minimal(sys.argv[1]).run()
