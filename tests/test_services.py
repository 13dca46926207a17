"""Plain read-model helpers of casetrack.services."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from casetrack.services import SourceRef


@pytest.mark.parametrize(
    ("locator", "place"),
    [
        ("p12", "¶12"),
        ("p36-p40", "¶36–40"),
        ("p8-12", "¶8–12"),
        ("B06", "B06"),
        ("pp", "pp"),  # not a paragraph locator: shown as it is
    ],
)
def test_a_locator_reads_as_a_paragraph_or_a_fact(locator: str, place: str) -> None:
    ref = SourceRef(source="nyt", title="Article", publisher="The New York Times", locator=locator)
    assert ref.place == place
    assert ref.display() == f"Article, {place}"


def test_a_citation_names_its_source_by_short_title_and_date() -> None:
    from casetrack.dates import parse_date

    dated = SourceRef(
        source="nyt-coomer-memo", title="Trump Campaign Knew …", publisher="The New York Times", locator="p34",
        short_title="NYT: Trump campaign memo", date=parse_date("2021-09-21"),
    )  # fmt: skip
    assert dated.name == "NYT: Trump campaign memo, 21 Sep 2021"
    assert dated.display() == "NYT: Trump campaign memo, 21 Sep 2021, ¶34"
    medium = SourceRef(
        source="background", title="Background facts", publisher=None, locator="B06", confidence="medium"
    )
    assert medium.display().startswith("Background facts, B06") and medium.display() != "Background facts, B06"


def test_the_seeds_two_nyt_articles_are_told_apart(seeded) -> None:
    """Every citation names its source unambiguously: no two sources share a name."""
    from sqlmodel import Session

    from casetrack import services

    with Session(seeded) as session:
        memo = services.get_quote(session=session, slug=_a_quote_of(session, "nyt-coomer-memo")).source
        epoch = services.get_quote(session=session, slug=_a_quote_of(session, "nyt-epoch-times")).source
    assert memo.publisher == epoch.publisher == "The New York Times"
    assert memo.name == "NYT: Trump campaign memo, 21 Sep 2021"
    assert epoch.name == "NYT: Epoch Times influence machine, 24 Oct 2020"


def _a_quote_of(session, source: str) -> str:
    from sqlalchemy import text

    return (
        session.connection()
        .execute(
            text("SELECT q.slug FROM quote q JOIN source s ON s.id = q.source_id WHERE s.slug = :s LIMIT 1"),
            {"s": source},
        )
        .scalar_one()
    )


# --- name filters take % and _ literally -------------------------------------------------


def test_name_filters_take_like_wildcards_literally(seeded) -> None:
    from sqlalchemy import text
    from sqlmodel import Session

    from casetrack import services

    with seeded.begin() as conn:
        conn.execute(text("UPDATE legal_case SET short_name = 'Fox_News 50% case' WHERE slug = 'dominion-v-fox'"))
        conn.execute(text("UPDATE party SET name = 'Fox_News 50% Party' WHERE slug = 'fox-news-network'"))
    with Session(seeded) as session:
        for wildcard in ("%", "_", "\\", "%%", "x_n%"):
            cases = services.list_cases(session=session, text=wildcard)
            assert {c.slug for c in cases} <= {"dominion-v-fox"}, wildcard
            assert services.count_cases(session=session, text=wildcard) == len(cases)  # the TUI's header
        for literal in ("x_n", "50%", "_NEWS 50% C"):
            assert [c.slug for c in services.list_cases(session=session, text=literal)] == ["dominion-v-fox"]
        assert services.list_cases(session=session, text="__") == []
        assert services.list_cases(session=session, text="5_%") == []
        assert [p.slug for p in services.list_parties(session=session, text="x_news 50%")] == ["fox-news-network"]
        assert services.list_parties(session=session, text="_") == [
            p for p in services.list_parties(session=session) if "_" in p.name
        ]
        with pytest.raises(services.NotFound):
            services.get_case(session=session, slug="%_%")


# --- keyset pages of a case's timeline and quotes ------------------------------------------


@pytest.mark.parametrize("size", [1, 3, 7])
def test_keyset_pages_of_a_timeline_and_its_quotes_are_the_whole_list(seeded, size: int) -> None:
    """On each database: pages that start after the previous page's end, put together, are the
    whole timeline (dated and undated entries, own and shared) and the whole quote list."""
    from sqlmodel import Session

    from casetrack import services

    with Session(seeded) as session:
        for case in services.list_cases(session=session):
            whole = services.case_timeline(session=session, slug=case.slug)
            quotes = services.list_quotes(session=session, case=case.slug)
            pages = _every_page(
                partial(services.case_timeline_page, session=session, slug=case.slug, limit=size), "entries"
            )
            quote_pages = _every_page(
                partial(services.quote_page, session=session, case=case.slug, limit=size), "quotes"
            )
            assert pages == whole, case.slug
            assert quote_pages == quotes, case.slug


def test_saved_id_is_a_real_error_for_a_row_never_saved() -> None:
    """An unsaved row's id is a CasetrackError (one line), not an assert that -O removes."""
    from casetrack.errors import CasetrackError
    from casetrack.models import Quote
    from casetrack.services import saved_id

    quote = Quote(slug="q-unsaved", text="x")
    with pytest.raises(CasetrackError, match="q-unsaved' has no id"):
        saved_id(quote)
    quote.id = 7
    assert saved_id(quote) == 7


def _every_page(read: Any, items: str) -> list[object]:
    """The ``items`` of every keyset page ``read(after=...)`` gives, from the first on."""
    out: list[object] = []
    after = None
    while True:
        page = read(after=after)
        out += getattr(page, items)
        if not page.more:
            return out
        after = page.end
