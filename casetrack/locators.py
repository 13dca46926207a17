"""Where in a source a citation points: the one reading of a locator, and how a citation
names its source.

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


def publisher_and_byline(publisher: str | None, author: str | None) -> list[str]:
    """Who published a source and who wrote it, as far as known: ['The New York Times', 'by Alan Feuer']."""
    return [x for x in (publisher, f"by {author}" if author else None) if x]


def source_name(short_title: str | None, title: str, date: str | None) -> str:
    """How a citation names its source, so that two articles of one publisher are told apart:
    the short title and the date as displayed ('NYT: Trump campaign memo, 21 Sep 2021'); the
    full title where there is no short one; no date where the source has none."""
    name = short_title or title
    return f"{name}, {date}" if date else name
