"""The key bindings of the screen underneath, shown over it (``?`` or F1)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KeyRows = list[tuple[str, list[tuple[str, str]]]]  # (section, [(keys, description)])


#: What the mouse does on a screen that says nothing else (a screen's ``MOUSE_HELP`` overrides it).
MOUSE_HELP = "Mouse: click a row, a tab or an underlined name to open it."


def help_content(title: str, about: str, sections: KeyRows, mouse: str = MOUSE_HELP) -> Content:
    width = max([len(k) for _, rows in sections for k, _ in rows] + [6]) + 2
    lines: list[Content] = [Content.styled(title, "bold"), Content("")]
    if about:
        lines += [Content(about), Content("")]
    for name, rows in sections:
        if not rows:
            continue
        lines.append(Content.styled(name, "bold $accent"))
        for keys, description in rows:
            lines.append(Content.assemble(("  " + keys.ljust(width), "bold"), description))
        lines.append(Content(""))
    lines.append(Content.styled(mouse, "dim"))
    lines.append(Content.styled("Press Escape or ? to close this help.", "dim"))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Key bindings, grouped: this list, this screen, everywhere."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "dismiss", "Close help", key_display="esc"),
    ]

    def __init__(self, title: str, about: str, sections: KeyRows, mouse: str = MOUSE_HELP) -> None:
        super().__init__()
        self.help_title = title
        self.about = about
        self.sections = sections
        self.mouse = mouse

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(help_content(self.help_title, self.about, self.sections, self.mouse), id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()
