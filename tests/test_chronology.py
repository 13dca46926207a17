"""The chronology across cases (`casetrack timeline`): windows as people write them, months
and ranges counted where they overlap, undated entries last, filters by case, kind and party."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session

from casetrack import chronology, models
from casetrack.dates import PartialDate, last_day
from casetrack.errors import UsageError
from tests.test_cli import one_line_error, run


def _span(date: PartialDate) -> tuple[dt.date, dt.date]:
    """The days a date stands for, by the chronology's rules (a bound counts at its date)."""
    return date.value, date.end if date.end is not None else last_day(date)


@pytest.fixture
def everything(seeded: Engine) -> list[chronology.ChronologyEntry]:
    with Session(seeded) as session:
        return chronology.chronology(session=session)


def test_window_reads_dates_as_people_write_them() -> None:
    september = chronology.Window(dt.date(2021, 9, 1), dt.date(2021, 9, 30))
    assert chronology.window("2021-09", "2021-09") == september
    assert chronology.window("Sep 2021", "September 2021") == september
    assert chronology.window("2021-09-01", "2021-09-30") == september
    assert chronology.window("2021", None) == chronology.Window(dt.date(2021, 1, 1), None)
    assert chronology.window(None, "2020") == chronology.Window(None, dt.date(2020, 12, 31))
    with pytest.raises(UsageError, match="--from: not a date"):
        chronology.window("2021-13", None)
    with pytest.raises(UsageError, match="after --to"):
        chronology.window("2021-10", "2021-09")


def test_everything_is_in_date_order_with_undated_last(everything: list[chronology.ChronologyEntry]) -> None:
    kinds = {e.kind for e in everything}
    assert kinds == set(chronology.KINDS)
    dated = [e for e in everything if e.date is not None]
    undated = [e for e in everything if e.date is None]
    assert undated, "the seed has undated entries (quotes the source does not date)"
    assert everything == dated + undated, "an undated entry sorts after every dated one"
    days = [e.date.value for e in dated if e.date is not None]
    assert days == sorted(days)
    # Every record appears once, however many cases share it.
    assert len({(e.kind, e.slug) for e in everything}) == len(everything)


def test_a_shared_ruling_is_one_entry_naming_each_case(everything: list[chronology.ChronologyEntry]) -> None:
    (nichols,) = [e for e in everything if e.slug == "nichols-opinion-powell"]
    assert set(nichols.case_slugs) == {"dominion-v-powell", "dominion-v-giuliani", "dominion-v-lindell"}
    assert nichols.case_slugs[0] == "dominion-v-powell", "the case it is filed under comes first"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.one_of(st.none(), st.dates(dt.date(2016, 1, 1), dt.date(2026, 12, 31))),
    days=st.one_of(st.none(), st.integers(0, 800)),
)
def test_an_entry_is_in_a_window_when_its_period_overlaps_it(
    seeded: Engine, everything: list[chronology.ChronologyEntry], start: dt.date | None, days: int | None
) -> None:
    end = None if days is None else (start or dt.date(2020, 11, 1)) + dt.timedelta(days=days)
    with Session(seeded) as session:
        got = chronology.chronology(session=session, start=start, end=end)
    expected = []
    for e in everything:
        if e.date is None:
            if start is None and end is None:
                expected.append(e)
            continue
        first, last = _span(e.date)
        if (end is None or first <= end) and (start is None or last >= start):
            expected.append(e)
    assert [(e.kind, e.slug) for e in got] == [(e.kind, e.slug) for e in expected]


def test_a_month_counts_in_its_month_and_a_range_where_it_overlaps(
    seeded: Engine, everything: list[chronology.ChronologyEntry]
) -> None:
    month = next(e for e in everything if e.date and e.date.precision == "month" and not e.date.end)
    ranged = next(e for e in everything if e.date and e.date.end and e.date.end != e.date.value)
    assert month.date is not None and ranged.date is not None
    with Session(seeded) as session:
        # The last day of the month is inside the month's period.
        late = chronology.chronology(session=session, start=last_day(month.date), end=last_day(month.date))
        # The range's last day alone still overlaps it.
        tail = chronology.chronology(session=session, start=ranged.date.end, end=ranged.date.end)
        after = chronology.chronology(session=session, start=ranged.date.end + dt.timedelta(days=1))
    assert month.slug in {e.slug for e in late}
    assert ranged.slug in {e.slug for e in tail}
    assert ranged.slug not in {e.slug for e in after}


def test_filters_by_case_kind_and_party(seeded: Engine) -> None:
    with Session(seeded) as session:
        lindell = chronology.chronology(session=session, case_slug="dominion-v-lindell")
        rulings = chronology.chronology(session=session, kinds=["ruling"])
        giuliani = chronology.chronology(session=session, party="rudolph-giuliani", kinds=["quote"])
        with pytest.raises(UsageError, match="unknown kind 'verdict'"):
            chronology.chronology(session=session, kinds=["verdict"])
    assert "nichols-opinion-powell" in {e.slug for e in lindell}, "a shared ruling is in each case"
    assert all("dominion-v-lindell" in e.case_slugs for e in lindell)
    assert rulings and {e.kind for e in rulings} == {"ruling"}
    said_by_him = [e for e in giuliani if e.speaker == "Rudolph W. Giuliani"]
    assert said_by_him, "the party's own quotes are in"
    assert {e.kind for e in giuliani} == {"quote"}


def test_cli_september_2021_across_all_cases(capsys: pytest.CaptureFixture[str], seeded: Engine, db_url: str) -> None:
    code, out, err = run(capsys, "--db", db_url, "timeline", "--from", "2021-09", "--to", "2021-09", "--json")
    assert code == 0, err
    entries = json.loads(out)
    slugs = {e["slug"] for e in entries}
    assert {"coomer-documents-released", "coomer-motion-sept-2021", "coomer-motion-lines-blurred"} <= slugs
    # ISO dates at their precision ('2021', '2021-09', '2021-09-16') compare as text.
    assert all(e["date"]["date"] <= "2021-09-30" for e in entries)
    assert all((e["date"]["end"] or e["date"]["date"]) >= "2021" for e in entries)
    quote = next(e for e in entries if e["slug"] == "coomer-motion-lines-blurred")
    assert quote["speaker"] == "Counsel for Eric Coomer", "the motion's words are counsel's"
    code, same, _ = run(capsys, "--db", db_url, "timeline", "--from", "Sep 2021", "--to", "September 2021", "--json")
    assert code == 0 and json.loads(same) == entries


def test_cli_table_shows_undated_and_who_said_it(
    capsys: pytest.CaptureFixture[str], seeded: Engine, db_url: str
) -> None:
    code, out, err = run(capsys, "--db", db_url, "timeline", "--kind", "quote")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["DATE", "KIND", "TYPE"]
    assert lines[-1].startswith("undated "), "undated entries come last and say so"
    assert any("Counsel for Eric Coomer" in line for line in lines)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--from", "2021-13"], 2, "--from: not a date: '2021-13'"),
        (["--to", "soon"], 2, "--to: not a date: 'soon'"),
        (["--from", "2021-10", "--to", "2021-09"], 2, "--from 2021-10 is after --to 2021-09"),
        (["--kind", "verdict"], 2, "unknown kind 'verdict'"),
        (["--case", "dominion-v-powel"], 1, "did you mean 'dominion-v-powell'"),
        (["--case", "dominion"], 1, "'dominion' names several cases: dominion-v-fox, dominion-v-giuliani"),
        (["--party", "giulani"], 1, "no person or organization 'giulani'; did you mean 'rudolph-giuliani'?"),
    ],
)
def test_cli_bad_input_is_one_line(
    capsys: pytest.CaptureFixture[str], seeded: Engine, db_url: str, args: list[str], code: int, message: str
) -> None:
    got, out, err = run(capsys, "--db", db_url, "timeline", *args)
    assert got == code
    assert out == ""
    assert message in one_line_error(err)


def test_cli_bad_date_gives_one_example(capsys: pytest.CaptureFixture[str], seeded: Engine, db_url: str) -> None:
    for bad in ("soon", "2021-13"):
        code, out, err = run(capsys, "--db", db_url, "timeline", "--from", bad)
        assert code == 2 and out == ""
        assert one_line_error(err).count("write e.g.") == 1, err


def test_cli_empty_window_says_so(capsys: pytest.CaptureFixture[str], seeded: Engine, db_url: str) -> None:
    code, out, err = run(capsys, "--db", db_url, "timeline", "--from", "1990", "--to", "1990")
    assert code == 0 and out == ""
    assert one_line_error(err) == "nothing happened from 1990-01-01 to 1990-12-31"


@pytest.mark.parametrize("size", [1, 7, 40])
def test_pages_put_together_are_the_whole_chronology(
    seeded: Engine, everything: list[chronology.ChronologyEntry], size: int
) -> None:
    pages: list[chronology.ChronologyEntry] = []
    with Session(seeded) as session:
        while True:
            page = chronology.chronology(session=session, limit=size, offset=len(pages))
            pages += page
            if len(page) < size:
                break
        september = chronology.chronology(session=session, start=dt.date(2021, 9, 1), end=dt.date(2021, 9, 30))
        first_two = chronology.chronology(
            session=session, start=dt.date(2021, 9, 1), end=dt.date(2021, 9, 30), limit=2, offset=1
        )
    assert pages == everything
    assert first_two == september[1:3]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.one_of(st.none(), st.dates(dt.date(2019, 1, 1), dt.date(2023, 12, 31))),
    days=st.one_of(st.none(), st.integers(0, 500)),
    size=st.integers(1, 9),
    offset=st.integers(0, 12),
)
def test_a_page_of_a_window_is_that_part_of_the_whole_window(
    seeded: Engine, start: dt.date | None, days: int | None, size: int, offset: int
) -> None:
    """A window's page is read apart (single dates from the start, a month or year begun
    before it, ranges by their ends): put together, it is still the window, in order."""
    end = None if days is None else (start or dt.date(2020, 11, 1)) + dt.timedelta(days=days)
    with Session(seeded) as session:
        whole = chronology.chronology(session=session, start=start, end=end)
        page = chronology.chronology(session=session, start=start, end=end, limit=size, offset=offset)
    assert page == whole[offset : offset + size]


def test_cli_case_by_its_name(capsys: pytest.CaptureFixture[str], seeded: Engine, db_url: str) -> None:
    """--case takes a case's short name, or part of one that names one case, as the screen's
    Case field does."""
    code, by_slug, err = run(capsys, "--db", db_url, "timeline", "--case", "king-v-whitmer-sanctions", "--json")
    assert code == 0, err
    assert json.loads(by_slug)
    for name in ("King v. Whitmer sanctions", "whitmer sanctions"):
        code, by_name, err = run(capsys, "--db", db_url, "timeline", "--case", name, "--json")
        assert code == 0, err
        assert json.loads(by_name) == json.loads(by_slug)


# --- keyset pages: a load that commits between two pages -------------------------------


def _add_events(engine: Engine, dates: dict[str, dt.date | None]) -> None:
    events = models.metadata.tables["event"]
    with engine.begin() as conn:
        conn.execute(
            events.insert(),
            [{"slug": slug, "kind": "meeting", "title": slug, "date": d, "date_precision": "day",
              "date_approximate": False} for slug, d in dates.items()],
        )  # fmt: skip


def _delete_events(engine: Engine, slugs: list[str]) -> None:
    events = models.metadata.tables["event"]
    with engine.begin() as conn:
        conn.execute(events.delete().where(events.c.slug.in_(slugs)))


WINDOWS = [{}, {"start": dt.date(2020, 11, 15)}, {"start": dt.date(2020, 11, 1), "end": dt.date(2022, 6, 30)}]


@pytest.mark.parametrize("filters", WINDOWS, ids=["all", "from", "window"])
def test_pages_stay_consistent_while_a_load_commits(seeded: Engine, filters: dict) -> None:
    """Entries added and deleted between page 1 and the next pages (as the chronology screen
    fetches them): none is shown twice, none that was there all along is skipped, and the
    later pages are the new chronology's tail. Pages by OFFSET fail this."""
    with Session(seeded) as session:
        whole = chronology.chronology(session=session, **filters)
    # Extra events spread through the chronology (an event comes first among its date's entries).
    spread = [e.date.value for e in whole[:: max(1, len(whole) // 9)] if e.date is not None][:8]
    _add_events(seeded, {f"extra-{i}": d for i, d in enumerate(spread)} | {"extra-undated": None})
    with Session(seeded) as session:
        before = [(e.kind, e.slug) for e in chronology.chronology(session=session, **filters)]
    at = [i for i, (kind, slug) in enumerate(before) if slug.startswith("extra-")]
    first = at[3] + 1  # page 1 ends at the fourth extra: two before its end are deleted, two after
    with Session(seeded) as session:
        page = chronology.chronology_page(session=session, limit=first, **filters)
    shown = [(e.kind, e.slug) for e in page.entries]
    assert shown == before[:first]
    _delete_events(seeded, [before[i][1] for i in at[:2] + at[4:6]])
    _add_events(seeded, {"new-early": spread[0], "new-late": spread[-1], "new-undated": None})
    assert page.more and page.end is not None
    end = page.end
    while True:
        with Session(seeded) as session:
            page = chronology.chronology_page(session=session, limit=5, after=end, **filters)
        shown += [(e.kind, e.slug) for e in page.entries]
        if not page.more:
            break
        assert page.end is not None
        end = page.end
    with Session(seeded) as session:
        after = [(e.kind, e.slug) for e in chronology.chronology(session=session, **filters)]
    assert len(shown) == len(set(shown)), "an entry was shown twice"
    assert [e for e in before if e in after and e not in shown] == [], "an entry was skipped"
    rest = shown[first:]
    assert rest == after[len(after) - len(rest) :], "the later pages are not the new chronology's tail"
    assert ("event", "new-early") not in shown and ("event", "new-late") in rest


@pytest.mark.parametrize("size", [1, 7, 40])
def test_keyset_pages_put_together_are_the_whole_chronology(
    seeded: Engine, everything: list[chronology.ChronologyEntry], size: int
) -> None:
    pages: list[chronology.ChronologyEntry] = []
    end = None
    with Session(seeded) as session:
        while True:
            page = chronology.chronology_page(session=session, limit=size, after=end)
            pages += page.entries
            if not page.more:
                break
            end = page.end
        rulings = chronology.chronology(session=session, kinds=["ruling"], start=dt.date(2021, 1, 1))
        first = chronology.chronology_page(session=session, kinds=["ruling"], start=dt.date(2021, 1, 1), limit=2)
        second = chronology.chronology_page(
            session=session, kinds=["ruling"], start=dt.date(2021, 1, 1), limit=3, after=first.end
        )
    assert pages == everything
    assert first.entries + second.entries == rulings[:5]
