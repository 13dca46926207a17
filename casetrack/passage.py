"""Read the source behind a fact: the cited paragraph with its neighbours, and where it is from.

``casetrack source nyt-coomer-memo:p34`` and the TUI's source view both use :func:`read_passage`.
The database knows each source (headline, publisher, byline, date, and which lines of which
text file are its piece); the text itself is read from the seed folder's ``texts/``, by the
same rules that checked every quote against it (:mod:`casetrack.seed.sourcetext`). Nothing
here imports Textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from casetrack import locators
from casetrack.dates import PartialDate
from casetrack.errors import CasetrackError, UsageError
from casetrack.models import Quote, QuotePart, Source
from casetrack.seed.sourcetext import SourceText, read_source_text

_REF = re.compile(rf"^(?P<source>[a-z0-9][a-z0-9-]*):(?P<locator>{locators.PARAGRAPHS.pattern}|B\d+)$")


@dataclass(frozen=True, slots=True)
class Paragraph:
    locator: str  # 'p34' or 'B07'
    text: str
    cited: bool  # one of the paragraphs the reference points at


@dataclass(frozen=True, slots=True)
class Passage:
    """A cited place in a source, with its neighbours and the source's particulars."""

    source: str  # slug
    locator: str  # as cited: 'p34', 'p36-p40', 'B07'
    title: str  # the headline
    publisher: str | None
    author: str | None
    date: PartialDate | None
    kind: str  # article, video, comment, court_records
    paragraphs: tuple[Paragraph, ...]  # the cited ones and up to ``context`` on each side
    highlights: tuple[str, ...] = ()  # verbatim words to mark (a quote's parts)
    quote: str | None = None  # the quote's slug, when the reference was a quote
    short_title: str | None = None  # 'NYT: Trump campaign memo'

    @property
    def ref(self) -> str:
        return f"{self.source}:{self.locator}"

    @property
    def citation(self) -> str:
        """The place as a reader sees it cited: 'NYT: Trump campaign memo, 21 Sep 2021, ¶34'."""
        name = locators.source_name(self.short_title, self.title, self.date.display() if self.date else None)
        return f"{name}, {locators.place(self.locator)}"


class PassageError(CasetrackError):
    """A reference that points nowhere, or a text that cannot be read."""


def read_passage(*, session: Session, ref: str, seed_dir: Path, context: int = 2) -> Passage:
    """The passage ``ref`` names: ``SOURCE:p34``, ``SOURCE:p36-p40``, ``background:B07``, or
    a quote's slug (its cited paragraph, with the quote's words to highlight).

    Raises :class:`UsageError` for a malformed reference and :class:`PassageError` (or
    :class:`~casetrack.services.NotFound`) for one that points nowhere.
    """
    if context < 0:
        raise UsageError("--context must be 0 or more")
    highlights: tuple[str, ...] = ()
    quote_slug = None
    m = _REF.match(ref.strip())
    if m is None:
        if ":" in ref:
            raise UsageError(
                f"not a source reference: {ref!r} (write SOURCE:p34, SOURCE:p36-p40, background:B07 or a quote's slug)"
            )
        source_slug, locator, highlights = _quote_ref(session, ref.strip())
        quote_slug = ref.strip()
    else:
        source_slug, locator = m["source"], m["locator"]
    source = session.exec(select(Source).where(col(Source.slug) == source_slug)).first()
    if source is None:
        from casetrack.services import not_found

        raise not_found(session, Source, "source", source_slug)
    text = _text(source, seed_dir)
    paragraphs = _around(text, locator, context, source.slug)
    from casetrack.services import pd_of

    date = pd_of(source, "date_published")
    return Passage(
        source.slug, locator, source.title, source.publisher, source.author, date, source.kind,
        paragraphs, highlights, quote_slug, source.short_title,
    )  # fmt: skip


def _quote_ref(session: Session, slug: str) -> tuple[str, str, tuple[str, ...]]:
    row = session.exec(
        select(Quote.id, Quote.text, Source.slug, Quote.source_locator)
        .join(Source, col(Source.id) == col(Quote.source_id))
        .where(col(Quote.slug) == slug)
    ).first()
    if row is None:
        from casetrack.services import not_found

        raise not_found(session, Quote, "quote", slug)
    quote_id, text, source_slug, locator = row
    parts = session.exec(
        select(QuotePart.text).where(col(QuotePart.quote_id) == quote_id).order_by(col(QuotePart.position))
    ).all()
    return source_slug, locator, tuple(parts) or (text,)


def _text(source: Source, seed_dir: Path) -> SourceText:
    if not source.file:
        raise PassageError(f"source {source.slug!r} has no text file")
    texts = (seed_dir / "texts").resolve()
    path = (texts / source.file).resolve()
    if not path.is_relative_to(texts):
        raise PassageError(f"source {source.slug!r}: its file {source.file!r} is outside {texts}")
    if not path.is_file():
        raise PassageError(f"the text of {source.slug!r} is not at {path} (give the seed folder with --seed DIR)")
    lines = (source.first_line, source.last_line) if source.first_line and source.last_line else None
    try:
        return read_source_text(path, lines)
    except (OSError, UnicodeDecodeError) as exc:
        raise PassageError(f"cannot read {path}: {exc}") from None


def _around(text: SourceText, locator: str, context: int, slug: str) -> tuple[Paragraph, ...]:
    if span := locators.paragraphs(locator):
        first, last = span
        count = len(text.paragraphs)
        if not text.paragraphs:
            raise PassageError(f"{slug!r} has no numbered paragraphs; cite a fact such as {slug}:B01")
        if first > last:
            raise PassageError(f"{slug}:{locator}: the range runs backwards")
        if not 1 <= first <= last <= count:
            raise PassageError(f"{slug}:{locator} is outside p1-p{count} of this source")
        low, high = max(1, first - context), min(count, last + context)
        return tuple(
            Paragraph(f"p{n}", text.paragraphs[n - 1], first <= n <= last) for n in range(low, high + 1)
        )  # fmt: skip
    keys = list(text.facts)
    if locator not in text.facts:
        if not keys:
            raise PassageError(f"{slug!r} has paragraphs, not facts; cite one such as {slug}:p1")
        raise PassageError(f"no fact {locator!r} in {slug!r} ({keys[0]}-{keys[-1]})")
    at = keys.index(locator)
    return tuple(
        Paragraph(key, text.facts[key][1], key == locator)
        for key in keys[max(0, at - context) : at + context + 1]
    )  # fmt: skip


def spans(text: str, highlights: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where each highlight stands in ``text`` (white space folded), as (start, end) offsets."""
    out = []
    for words in highlights:
        pattern = r"\s+".join(re.escape(w) for w in words.split())
        if pattern:
            out += [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    return sorted(out)
