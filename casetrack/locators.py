"""Where in a source a citation points: the one reading of a locator.

``p13`` is the 13th paragraph of an article; ``p36-p40`` (or ``p36-40``) a range of them;
anything else (``B07``, a fact of the background file) is not a paragraph locator.
"""

from __future__ import annotations

import re

PARAGRAPHS = re.compile(r"p(?P<first>\d+)(?:-p?(?P<last>\d+))?")


def paragraphs(locator: str) -> tuple[int, int] | None:
    """The first and last paragraph a locator names ('p12' -> (12, 12)), or None."""
    m = PARAGRAPHS.fullmatch(locator)
    if m is None:
        return None
    first = int(m["first"])
    return first, int(m["last"]) if m["last"] else first


def place(locator: str) -> str:
    """The locator as a reader sees it: 'p12' is '¶12', 'p36-p40' is '¶36–40'; a background
    fact stays 'B06'."""
    m = PARAGRAPHS.fullmatch(locator)
    if m is None:
        return locator
    return f"¶{m['first']}–{m['last']}" if m["last"] else f"¶{m['first']}"
