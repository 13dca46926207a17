"""The source documents behind the seed: paragraphs of articles, facts of the background file.

Locators: ``p13`` is the 13th non-blank line of an article's piece (the headline is ``p1``);
``p36-p40`` (or ``p36-40``) is a range; ``B07`` is a fact of the background file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from casetrack.locators import paragraphs

_WS = re.compile(r"\s+")
_FACT_LINE = re.compile(r"^- (B\d+) \((high|medium)\)\s*(.*)$")


def normalise(text: str) -> str:
    """Fold all white space (including non-breaking spaces) to single spaces."""
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()


@dataclass
class SourceText:
    """Text of one source, addressable by locator."""

    paragraphs: list[str] = field(default_factory=list)
    facts: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (confidence, text)

    def locate(self, locator: str) -> str:
        """The text a locator points at; ValueError with a reason if it points nowhere."""
        if span := paragraphs(locator):
            if not self.paragraphs:
                raise ValueError(f"this source has no numbered paragraphs (got {locator!r})")
            first, last = span
            if last < first:
                raise ValueError(f"the range {locator!r} ends before it starts (write p{last}-p{first})")
            if not 1 <= first <= last <= len(self.paragraphs):
                raise ValueError(f"paragraph {locator!r} is outside p1-p{len(self.paragraphs)} of this source")
            return " ".join(self.paragraphs[first - 1 : last])
        if locator in self.facts:
            return self.facts[locator][1]
        if self.facts:
            raise ValueError(f"no fact {locator!r} in this source (B01-B{len(self.facts):02d})")
        raise ValueError(f"locator {locator!r} is not a paragraph such as p12")

    def fact_confidence(self, locator: str) -> str | None:
        fact = self.facts.get(locator)
        return fact[0] if fact else None


def read_source_text(path: Path, lines: tuple[int, int] | None) -> SourceText:
    return source_text(path.read_text(encoding="utf-8"), lines)


def source_text(text: str, lines: tuple[int, int] | None) -> SourceText:
    raw = text.splitlines()
    facts = _parse_facts(raw)
    if facts:
        return SourceText(facts=facts)
    first, last = lines if lines else (1, len(raw))
    piece = raw[first - 1 : last]
    return SourceText(paragraphs=[normalise(line) for line in piece if line.strip()])


def _parse_facts(lines: list[str]) -> dict[str, tuple[str, str]]:
    facts: dict[str, tuple[str, str]] = {}
    current: str | None = None
    for line in lines:
        if m := _FACT_LINE.match(line):
            current = m[1]
            facts[current] = (m[2], m[3])
        elif current and line.startswith("  ") and line.strip():
            confidence, text = facts[current]
            facts[current] = (confidence, f"{text} {line.strip()}")
        else:
            current = None
    return {key: (conf, normalise(text)) for key, (conf, text) in facts.items()}
