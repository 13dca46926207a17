"""Small text helpers shared by the screens: labels, dates, ellipsis, column fitting."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from textual.content import Content
from textual.style import Style

from casetrack.dates import PartialDate
from casetrack.vocab import CaseKind, Role, Setting, Status, label

ELLIPSIS = "…"

ROLE_HEADINGS: dict[str, str] = {
    Role.plaintiff: "Plaintiffs",
    Role.defendant: "Defendants",
    Role.counsel: "Counsel",
    Role.judge: "Judges",
    Role.deponent: "Deponents",
    Role.witness: "Witnesses",
    Role.sanctioned_attorney: "Sanctioned attorneys",
    Role.respondent: "Respondents",
    Role.movant: "Movants",
    Role.prosecutor: "Prosecutors",
    Role.potential_plaintiff: "Potential plaintiffs",
    Role.potential_defendant: "Potential defendants",
    Role.other: "Others",
}
ROLE_ORDER: list[str] = [r.value for r in Role]

KIND_HEADINGS: dict[str, str] = {
    "quote": "Quotes",
    "case": "Cases",
    "party": "People and organizations",
    "filing": "Filings",
    "ruling": "Rulings",
    "event": "Events",
}


def d(value: PartialDate | None, empty: str = "") -> str:
    """A partial date as shown everywhere ('25 Aug 2021', 'Aug 2021', 'c. 2021')."""
    return value.display() if value is not None else empty


#: The widest label of each vocabulary a column shows: a column never cuts a value.
SETTING_WIDTH = max(len(label(s)) for s in Setting)  # 'deposition question'
STATUS_WIDTH = max(len(label(s)) for s in Status)  # 'interim suspension'
CASE_KIND_WIDTH = max(len(label(k)) for k in CaseKind)  # 'election challenge'
#: The widest date as shown: 'c. 25 Nov – 2 Dec 2020', 'before c. 15 Sep 2021'.
DATE_WIDTH = 22


def role_text(role: str, for_party_name: str | None) -> str:
    """'counsel for Rudolph W. Giuliani', 'defendant'."""
    text = label(role)
    return f"{text} for {for_party_name}" if for_party_name else text


def link(text: str, action: str) -> Content:
    """Clickable text that runs ``action`` (e.g. "screen.open_case('slug')")."""
    return Content.styled(text, Style(underline=True) + Style.from_meta({"@click": action}))


def ellipsize(text: str, width: int) -> str:
    """Cut a one-line text to ``width`` cells, ending with an ellipsis when cut."""
    text = " ".join(text.split())
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: max(0, width - 1)].rstrip() + ELLIPSIS


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def quoted(text: str) -> str:
    """Curly quotes around a quote's text (unless it already has them)."""
    text = text.strip()
    if text.startswith("“"):
        return text
    return f"“{text}”"


@dataclass(frozen=True, slots=True)
class Col:
    """A table column that fits its content and the terminal.

    A column wants the width of its widest cell (or its label), at most ``max``. When the
    table is too narrow, columns with a ``weight`` give up width down to ``min`` (a higher
    weight gives up less); a column with ``weight=0`` is rigid: it keeps its content width,
    so a vocabulary value or a date is never cut. When even that does not fit, the columns
    with the highest ``drop`` are left out (0: never). Spare width goes to the flexible
    columns without a ``max``.
    """

    key: str
    label: str
    min: int = 8
    max: int | None = None
    weight: int = 1
    drop: int = 0
    justify: Literal["left", "right"] = "left"


def fit_columns(
    columns: Sequence[Col], available: int, natural: Mapping[str, int] | None = None, gap: int = 1
) -> list[tuple[Col, int]]:
    """Choose which columns show and how wide each is, in ``available`` cells.

    ``natural`` is each column's content width (its widest cell; missing means its label);
    ``gap`` is the space each column takes besides its content.
    """
    natural = natural or {}
    want: dict[str, int] = {}
    floor: dict[str, int] = {}
    for c in columns:
        w = max(natural.get(c.key, 0), len(c.label))
        want[c.key] = w if c.max is None else min(c.max, w)
        floor[c.key] = want[c.key] if c.weight == 0 else min(want[c.key], c.min)
    visible = list(columns)
    while sum(floor[c.key] + gap for c in visible) > available and any(c.drop for c in visible):
        visible.remove(max((c for c in visible if c.drop), key=lambda c: c.drop))
    widths = {c.key: want[c.key] for c in visible}
    excess = sum(widths.values()) + gap * len(visible) - available
    flexible = [c for c in visible if c.weight > 0]
    while excess > 0:
        # Take a cell from the flexible column with the most to spare for its weight.
        candidates = [c for c in flexible if widths[c.key] > floor[c.key]]
        if not candidates:
            break
        victim = max(candidates, key=lambda c: (widths[c.key] - floor[c.key]) / c.weight)
        widths[victim.key] -= 1
        excess -= 1
    if excess < 0:
        growable = [c for c in flexible if c.max is None]
        total = sum(c.weight for c in growable)
        spare = -excess
        for i, c in enumerate(growable):
            share = spare if i == len(growable) - 1 else spare * c.weight // total
            widths[c.key] += share
            spare -= share
    return [(c, widths[c.key]) for c in visible]
