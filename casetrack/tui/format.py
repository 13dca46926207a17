"""Small text helpers shared by the screens: labels, dates, ellipsis, column fitting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from casetrack.dates import PartialDate
from casetrack.vocab import Role, label

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
}
KIND_ORDER = list(KIND_HEADINGS)


def d(value: PartialDate | None, empty: str = "") -> str:
    """A partial date as shown everywhere ('25 Aug 2021', 'Aug 2021', 'c. 2021')."""
    return value.display() if value is not None else empty


def lab(value: str | None) -> str:
    """A vocabulary value as words ('election_challenge' -> 'election challenge')."""
    return label(value)


def role_text(role: str, for_party_name: str | None) -> str:
    """'counsel for Rudolph W. Giuliani', 'defendant'."""
    text = lab(role)
    return f"{text} for {for_party_name}" if for_party_name else text


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
    """A table column that shrinks and grows with the terminal.

    ``min``/``max`` bound its width; spare width is shared by ``weight``; when even the minimum
    widths do not fit, columns with the highest ``drop`` are left out first (0: never).
    """

    key: str
    label: str
    min: int
    max: int | None = None
    weight: int = 1
    drop: int = 0
    justify: Literal["left", "right"] = "left"


def fit_columns(columns: Sequence[Col], available: int, padding: int = 1) -> list[tuple[Col, int]]:
    """Choose which columns show and how wide each is, for ``available`` cells."""

    def needed(cols: Sequence[Col]) -> int:
        return sum(c.min + 2 * padding for c in cols)

    visible = list(columns)
    while needed(visible) > available and any(c.drop for c in visible):
        victim = max((c for c in visible if c.drop), key=lambda c: c.drop)
        visible.remove(victim)
    widths = {c.key: c.min for c in visible}
    spare = available - needed(visible)
    while spare > 0:
        growable = [c for c in visible if c.weight and (c.max is None or widths[c.key] < c.max)]
        if not growable:
            break
        total = sum(c.weight for c in growable)
        given = 0
        for c in growable:
            share = max(1, (spare * c.weight) // total)
            if c.max is not None:
                share = min(share, c.max - widths[c.key])
            share = min(share, spare - given)
            widths[c.key] += share
            given += share
            if given >= spare:
                break
        if given == 0:
            break
        spare -= given
    return [(c, widths[c.key]) for c in visible]
