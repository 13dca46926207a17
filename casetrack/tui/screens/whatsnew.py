"""What's new: the changes to the cases you follow since you last looked (issue 15).

The app opens on this screen, over the case list, when a followed case (``casetrack follow``)
changed since the last ``casetrack seen`` (or ``m`` here). The follow list and the "seen"
marks live in the user data folder, so this works on a read-only database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from casetrack.history import Change


def followed_changes(conn: Connection, db_label: str) -> tuple[list[Change], int]:
    """(changes to followed cases since the last seen load, the latest load). Nothing is read
    from the database when no case is followed."""
    from casetrack import history

    watch = history.Watch.read()
    if not watch.following:
        return [], 0
    latest = history.latest_load_id(conn)
    seen = watch.seen.get(db_label, 0)
    if latest <= seen:
        return [], latest
    return history.list_changes(conn, cases=sorted(watch.following), since="seen", seen=seen), latest


def mark_seen(db_label: str, latest: int) -> None:
    from casetrack import history

    watch = history.Watch.read()
    watch.seen[db_label] = max(latest, watch.seen.get(db_label, 0))
    watch.write()


#: At most this many changes are listed (the newest); the rest are counted.
SHOWN = 200


def whats_new_content(changes: list[Change], notes: dict[str, str]) -> Content:
    lines: list[Content] = [Content.styled("What's new in the cases you follow", "bold"), Content("")]
    by_case: dict[str, list[Change]] = {}
    for change in changes[-SHOWN:]:
        by_case.setdefault(change.case_slug or "", []).append(change)
    for slug, items in by_case.items():
        name = items[0].case_name or slug
        note = notes.get(slug)
        lines.append(Content.assemble((name, "bold $accent"), (f"  ({note})" if note else "", "dim")))
        for change in items:
            lines.append(Content(f"  {change.day}  {change.sentence}"))
        lines.append(Content(""))
    if len(changes) > SHOWN:
        lines.append(
            Content.styled(f"…and {len(changes) - SHOWN} earlier changes: casetrack changes --since seen", "dim")
        )
    lines.append(Content.styled("Press m to mark these seen, Escape to look later.", "dim"))
    return Content("\n").join(lines)


class WhatsNewScreen(ModalScreen[bool]):
    """The changes to followed cases since they were last seen; ``m`` marks them seen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "mark_seen", "Mark seen"),
        Binding("escape,q", "dismiss(False)", "Later", key_display="esc"),
    ]

    def __init__(self, changes: list[Change], latest: int, db_label: str, notes: dict[str, str]) -> None:
        super().__init__()
        self.changes = changes
        self.latest = latest
        self.db_label = db_label
        self.notes = notes

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="whats-new-box"):
            yield Static(whats_new_content(self.changes, self.notes), id="whats-new-text")

    def on_mount(self) -> None:
        self.query_one("#whats-new-box").focus()

    def action_mark_seen(self) -> None:
        try:
            mark_seen(self.db_label, self.latest)
        except Exception as exc:
            self.notify(str(exc), title="Could not mark seen", severity="error")
            return
        self.dismiss(True)
