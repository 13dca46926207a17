from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casetrack.dates import DateError, PartialDate, format_date, parse_date, resolve_relative
from casetrack.vocab import Precision

PUB = dt.date(2021, 9, 21)  # a Tuesday: the NYT article on the campaign memo


@pytest.mark.parametrize(
    ("written", "value", "precision", "approximate", "shown"),
    [
        ("2021-08-25", dt.date(2021, 8, 25), Precision.day, False, "25 Aug 2021"),
        ("Aug. 25, 2021", dt.date(2021, 8, 25), Precision.day, False, "25 Aug 2021"),
        ("25 August 2021", dt.date(2021, 8, 25), Precision.day, False, "25 Aug 2021"),
        ("2021-08", dt.date(2021, 8, 1), Precision.month, False, "Aug 2021"),
        ("August 2021", dt.date(2021, 8, 1), Precision.month, False, "Aug 2021"),
        ("2021", dt.date(2021, 1, 1), Precision.year, False, "2021"),
        ("c. 2021-09-16", dt.date(2021, 9, 16), Precision.day, True, "c. 16 Sep 2021"),
        ("~2020-12", dt.date(2020, 12, 1), Precision.month, True, "c. Dec 2020"),
    ],
)
def test_parse_keeps_precision(written, value, precision, approximate, shown) -> None:
    parsed = parse_date(written)
    assert (parsed.value, parsed.precision, parsed.approximate) == (value, precision, approximate)
    assert parsed.display() == shown


@pytest.mark.parametrize("bad", ["2021-13-45", "2021-02-30", "yesterday-ish", "", "c.", "Aug 2021 2022", "13/45/2021"])
def test_bad_dates_raise_a_date_error(bad: str) -> None:
    with pytest.raises(DateError, match="not a date"):
        parse_date(bad)


@pytest.mark.parametrize(
    ("phrase", "shown"),
    [
        ("Monday evening", "20 Sep 2021"),
        ("late last week", "c. 16 Sep 2021"),
        ("last month", "Aug 2021"),
        ("three weeks ago", "c. 31 Aug 2021"),
        ("In June", "Jun 2021"),
        ("last November", "Nov 2020"),
        ("last year", "2020"),
        ("yesterday", "20 Sep 2021"),
    ],
)
def test_relative_dates_resolve_against_publication(phrase: str, shown: str) -> None:
    resolved = resolve_relative(phrase, PUB)
    assert resolved.display() == shown
    assert resolved.text == phrase


def test_unknown_relative_phrase_is_an_error() -> None:
    with pytest.raises(DateError, match="relative date not understood"):
        resolve_relative("the other day", PUB)


def test_month_and_year_precision_normalise_to_period_start() -> None:
    assert PartialDate(dt.date(2021, 8, 25), Precision.month).value == dt.date(2021, 8, 1)
    assert PartialDate(dt.date(2021, 8, 25), Precision.year).iso() == "2021"
    assert format_date(dt.date(2021, 8, 1), "month") == "Aug 2021"


@given(st.text(max_size=40))
def test_parse_date_raises_only_date_error(text: str) -> None:
    try:
        parsed = parse_date(text)
    except DateError:
        return
    assert isinstance(parsed.value, dt.date)


@given(st.text(max_size=30), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_resolve_relative_raises_only_date_error(text: str, published: dt.date) -> None:
    with contextlib.suppress(DateError):
        resolve_relative(text, published)
