"""Dates as the sources give them: with a precision (day, month, year), maybe approximate,
maybe a range ("between 25 Nov and 2 Dec 2020") or a bound ("before mid-September 2021").

A :class:`PartialDate` is stored in six columns (``<name>``, ``<name>_precision``,
``<name>_approximate``, ``<name>_text``, ``<name>_end``, ``<name>_bound``); ``<name>`` holds
the first day of the period (for a bound, the bound itself) so that plain SQL sorts and
compares it, and ``<name>_end`` the last day of a range.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from casetrack.vocab import Precision

MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


class DateError(ValueError):
    """A date that cannot be read; the message is meant for the user: ``reason`` and, when
    given, ``examples`` of dates that read (a caller with its own examples uses ``reason``)."""

    def __init__(self, reason: str, *, examples: str = "") -> None:
        super().__init__(f"{reason} ({examples})" if examples else reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class PartialDate:
    value: dt.date
    precision: Precision = Precision.day
    approximate: bool = False
    text: str | None = None
    end: dt.date | None = None  # the last day of a range
    bound: str | None = None  # 'before' or 'after' the date

    def __post_init__(self) -> None:
        # Normalise to the first day of the period so equal dates compare equal.
        if self.precision is Precision.month and self.value.day != 1:
            object.__setattr__(self, "value", self.value.replace(day=1))
        elif self.precision is Precision.year and (self.value.month, self.value.day) != (1, 1):
            object.__setattr__(self, "value", self.value.replace(month=1, day=1))

    def display(self) -> str:
        return format_date(self.value, self.precision, self.approximate, end=self.end, bound=self.bound)

    def last(self) -> dt.date:
        """The last day the date may stand for (a range's end, a month's last day...)."""
        if self.end is not None:
            return self.end
        if self.bound == "after":
            return dt.date.max
        return last_day(self)

    def iso(self) -> str:
        """ISO 8601 at the date's precision: '2021', '2021-08' or '2021-08-25'."""
        return iso_at_precision(self.value, self.precision)

    def to_json(self) -> dict[str, object]:
        return {
            "date": self.iso(),
            "precision": self.precision.value,
            "approximate": self.approximate,
            "text": self.text,
            "end": self.end.isoformat() if self.end else None,
            "bound": self.bound,
            "display": self.display(),
        }


def last_day(date: PartialDate) -> dt.date:
    """The last day of a date's period: 2021-08 -> 2021-08-31."""
    if date.precision == Precision.year:
        return date.value.replace(month=12, day=31)
    if date.precision == Precision.month:
        from dateutil.relativedelta import relativedelta

        return date.value + relativedelta(months=1, days=-1)
    return date.value


def iso_at_precision(value: dt.date, precision: str) -> str:
    if precision == Precision.year:
        return f"{value.year:04d}"
    if precision == Precision.month:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def format_date(
    value: dt.date | None,
    precision: str | None,
    approximate: bool = False,
    *,
    end: dt.date | None = None,
    bound: str | None = None,
) -> str:
    """'25 Aug 2021', 'Aug 2021', '2021', with 'c. ' in front when approximate; a range
    '25 Nov – 2 Dec 2020'; a bound 'before 15 Sep 2021'."""
    if value is None:
        return ""
    if end is not None and end != value:
        return _format_range(value, end, precision, approximate)
    text = _format_one(value, precision)
    if bound:
        return f"{bound} c. {text}" if approximate else f"{bound} {text}"
    return f"c. {text}" if approximate else text


def _format_range(first: dt.date, last: dt.date, precision: str | None, approximate: bool) -> str:
    if precision == Precision.year:
        text = f"{first.year}–{last.year}"
    elif precision == Precision.month:
        text = f"{_MONTH_ABBR[first.month - 1]}" + (f" {first.year}" if first.year != last.year else "")
        text += f" – {_MONTH_ABBR[last.month - 1]} {last.year}"
    else:
        head = f"{first.day} {_MONTH_ABBR[first.month - 1]}" + (f" {first.year}" if first.year != last.year else "")
        text = f"{head} – {_format_one(last, Precision.day)}"
    return f"c. {text}" if approximate else text


def _format_one(value: dt.date, precision: str | None) -> str:
    if precision == Precision.year:
        text = f"{value.year}"
    elif precision == Precision.month:
        text = f"{_MONTH_ABBR[value.month - 1]} {value.year}"
    else:
        text = f"{value.day} {_MONTH_ABBR[value.month - 1]} {value.year}"
    return text


_APPROX_PREFIX = re.compile(r"^\s*(?:c\.|ca\.|circa|about|approx\.?|~)\s*", re.IGNORECASE)
_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_HAS_DAY_NUMBER = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?(?!\d)")


def parse_date(text: str) -> PartialDate:
    """Parse a date as people write it, keeping its precision.

    >>> parse_date("Aug. 25, 2021").display()
    '25 Aug 2021'
    >>> parse_date("2021-08").display()
    'Aug 2021'
    >>> parse_date("c. 2021-09-16").display()
    'c. 16 Sep 2021'
    """
    raw = text.strip()
    approximate = False
    match = _APPROX_PREFIX.match(raw)
    if match:
        approximate = True
        raw = raw[match.end() :]
    if not raw:
        raise DateError(f"not a date: {text!r}")
    try:
        if _YEAR.match(raw):
            return PartialDate(dt.date(int(raw), 1, 1), Precision.year, approximate)
        if m := _YEAR_MONTH.match(raw):
            return PartialDate(dt.date(int(m[1]), int(m[2]), 1), Precision.month, approximate)
        if m := _ISO_DAY.match(raw):
            return PartialDate(dt.date(int(m[1]), int(m[2]), int(m[3])), Precision.day, approximate)
    except ValueError as exc:
        raise DateError(f"not a date: {text!r} ({exc})") from None
    return _parse_words(raw, text, approximate)


def _parse_words(raw: str, original: str, approximate: bool) -> PartialDate:
    from dateutil import parser as du_parser  # only when a seed is read: slow to import

    words = raw.lower().replace(".", " ").replace(",", " ").split()
    has_month = any(w[:3] in {m[:3] for m in MONTHS} for w in words)
    year_tokens = [w for w in words if _YEAR.match(w)]
    if not has_month or len(year_tokens) != 1:
        raise DateError(f"not a date: {original!r}", examples="write e.g. 2021-08-25, Aug. 25, 2021 or 2021-08")
    day_tokens = [w for w in words if not _YEAR.match(w) and _HAS_DAY_NUMBER.fullmatch(w)]
    try:
        parsed = du_parser.parse(raw, default=dt.datetime(int(year_tokens[0]), 1, 1))
    except (ValueError, OverflowError) as exc:
        raise DateError(f"not a date: {original!r} ({exc})") from None
    precision = Precision.day if day_tokens else Precision.month
    return PartialDate(parsed.date(), precision, approximate)


# --- dates relative to a source's publication date -------------------------------------

_N = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def resolve_relative(phrase: str, published: dt.date) -> PartialDate:
    """Resolve a phrase such as 'last month' against a publication date.

    >>> resolve_relative("last month", dt.date(2021, 9, 21)).display()
    'Aug 2021'
    >>> resolve_relative("Monday evening", dt.date(2021, 9, 21)).display()
    '20 Sep 2021'
    >>> resolve_relative("late last week", dt.date(2021, 9, 21)).display()
    'c. 16 Sep 2021'
    """
    from dateutil.relativedelta import relativedelta

    p = " ".join(phrase.lower().replace(",", " ").split())
    p = re.sub(r"^(as recently as|on|in)\s+", "", p)
    d = Precision.day
    result: PartialDate | None = None
    week_start = published - dt.timedelta(days=published.weekday())
    if p == "today":
        result = PartialDate(published, d)
    elif p == "yesterday":
        result = PartialDate(published - dt.timedelta(days=1), d)
    elif m := re.fullmatch(r"(last )?(" + "|".join(WEEKDAYS) + r")( morning| afternoon| evening| night)?", p):
        target = WEEKDAYS.index(m[2])
        delta = (published.weekday() - target) % 7 or 7
        result = PartialDate(published - dt.timedelta(days=delta), d)
    elif p in {"last week", "early last week", "late last week"}:
        offset = {"last week": 0, "early last week": 0, "late last week": 3}[p]
        result = PartialDate(week_start - dt.timedelta(days=7) + dt.timedelta(days=offset), d, True)
    elif m := re.fullmatch(_N + r" days? ago", p):
        result = PartialDate(published - dt.timedelta(days=_number(m[1])), d, True)
    elif m := re.fullmatch(_N + r" weeks? ago", p):
        result = PartialDate(published - dt.timedelta(weeks=_number(m[1])), d, True)
    elif p == "this month":
        result = PartialDate(published, Precision.month)
    elif p == "last month":
        result = PartialDate(published - relativedelta(months=1), Precision.month)
    elif m := re.fullmatch(_N + r" months? ago", p):
        result = PartialDate(published - relativedelta(months=_number(m[1])), Precision.month)
    elif m := re.fullmatch(r"(last |this )?(" + "|".join(MONTHS) + r")", p):
        month = MONTHS.index(m[2]) + 1
        year = published.year if month < published.month else published.year - 1
        if m[1] == "this " or (m[1] is None and month == published.month):
            year = published.year
        result = PartialDate(dt.date(year, month, 1), Precision.month)
    elif p == "this year":
        result = PartialDate(published, Precision.year)
    elif p == "last year":
        result = PartialDate(published - relativedelta(years=1), Precision.year)
    if result is None:
        raise DateError(f"relative date not understood: {phrase!r}")
    return PartialDate(result.value, result.precision, result.approximate, phrase)
