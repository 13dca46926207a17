"""`casetrack cases --json` on SQLite has SQLite write each case's JSON (casetrack.casejson);
its output must be the one the CLI builds in Python from the case summaries, byte for byte:
on the seed, and on cases with odd values (NULLs, unicode, dates of every precision,
approximate, ranges, bounds, ties between kinds of record). PostgreSQL keeps the Python path."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from sqlalchemy import Engine

from casetrack import caselist, models
from tests.test_cli import run

SORTS = [("case", False), ("latest", True), ("as-of", False), ("court", True)]


def _both_ways(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str, *args: str):
    """`cases --json` as written, and as the Python path writes it."""
    code, out, err = run(capsys, "--db", url, "cases", "--json", *args)
    assert code == 0, err
    with monkeypatch.context() as m:
        m.setattr(caselist, "list_cases_json", lambda *a, **k: None)
        code, python_out, err = run(capsys, "--db", url, "cases", "--json", *args)
    assert code == 0, err
    return out, python_out


def _check(engine: Engine, url: str, capsys, monkeypatch, *args: str) -> list[dict]:
    out, python_out = _both_ways(capsys, monkeypatch, url, *args)
    assert json.loads(out) == json.loads(python_out)
    assert out == python_out
    with engine.connect() as conn:
        built = caselist.list_cases_json(conn)
    assert (built is not None) == (engine.dialect.name == "sqlite")  # the SQLite path was taken there
    return json.loads(out)


@pytest.mark.parametrize(("sort", "reverse"), SORTS)
def test_cases_json_on_the_seed_is_the_python_built_json(seeded: Engine, db_url, capsys, monkeypatch, sort, reverse):
    args = ["--sort", sort, *(["--reverse"] if reverse else [])]
    cases = _check(seeded, db_url, capsys, monkeypatch, *args)
    assert len(cases) > 10 and any(c["latest_activity"] for c in cases)


def test_cases_json_with_a_filter_and_no_match(seeded: Engine, db_url, capsys, monkeypatch) -> None:
    assert _check(seeded, db_url, capsys, monkeypatch, "--kind", "defamation", "--name", "v.")
    assert _check(seeded, db_url, capsys, monkeypatch, "--name", "no case is called this") == []


#: Names that JSON must escape, or that readers take as line breaks.
ODD_NAMES = [
    'Quote " and \\ backslash',
    "Tab\tnew\nline\rcarriage\x07bell\x1f",
    "Unicode “curly” — é ß 中文 🎉",
    "Line\u2028separator\u2029and\x85next",
    "  ",
]


def _dates() -> list[dict]:
    """Dates of every kind, as the six columns hold them (the first day of the period)."""
    out = []
    values = {"day": dt.date(2021, 9, 16), "month": dt.date(2021, 9, 1), "year": dt.date(2021, 1, 1)}
    ends = {
        "day": [None, dt.date(2021, 9, 16), dt.date(2021, 9, 30), dt.date(2022, 1, 2)],
        "month": [None, dt.date(2021, 11, 30), dt.date(2022, 2, 28)],
        "year": [None, dt.date(2023, 12, 31)],
    }
    for precision, approximate, text, bound in itertools.product(
        ("day", "month", "year"), (False, True), (None, "mid-“September” 2021\n"), (None, "before", "after")
    ):
        for end in ends[precision]:
            if bound and end:
                continue
            out.append(dict(value=values[precision], precision=precision, approximate=approximate, text=text,
                            end=end, bound=bound))  # fmt: skip
    out.append(dict(value=dt.date(987, 3, 5), precision="day", approximate=False, text=None, end=None, bound=None))
    out.append(dict(value=dt.date(2020, 12, 1), precision="month", approximate=True, text=None,
                    end=dt.date(2021, 1, 31), bound=None))  # fmt: skip
    return out


def _odd_database(engine: Engine) -> None:
    t = models.metadata.tables
    dates = _dates()
    with engine.begin() as conn:
        conn.execute(t["court"].insert(), [{"id": 1, "slug": "c", "name": "Court “One”", "jurisdiction": "state"}])
        cases = []
        for i in range(len(dates) + 3):
            name = ODD_NAMES[i % len(ODD_NAMES)] + f" {i}"
            cases.append({"id": i + 1, "slug": f"case-{i}", "case_name": name * 2, "short_name": name,
                          "kind": "defamation", "court_id": 1 if i % 3 else None,
                          "date_filed_approximate": False, "date_terminated_approximate": False})  # fmt: skip
        conn.execute(t["legal_case"].insert(), cases)
        conn.execute(
            t["case_status"].insert(),
            [{"slug": f"s-{i}", "case_id": i + 1, "status": "pending", "as_of": d["value"],
              "as_of_precision": d["precision"], "as_of_approximate": d["approximate"], "as_of_text": d["text"],
              "as_of_end": d["end"], "as_of_bound": d["bound"]} for i, d in enumerate(dates)],
        )  # fmt: skip
        # Latest activity: each kind of record, dates of each precision, and ties between
        # kinds (the earlier kind wins) and within one (the lowest id wins).
        filings, rulings, events, links = [], [], [], []
        for i in range(len(dates)):
            case_id = i + 1
            day = dt.date(2020, 1 + i % 12, 1 + i % 28)
            precision = ("day", "month", "year")[i % 3]
            if i % 4 != 3:
                filings.append({"id": len(filings) + 1, "slug": f"f-{i}", "case_id": case_id, "kind": "complaint",
                                "title": "F", "date_filed": day, "date_filed_precision": precision,
                                "date_filed_approximate": bool(i % 2), "date_written_approximate": False})  # fmt: skip
            if i % 2 == 0:
                rulings.append({"id": len(rulings) + 1, "slug": f"r-{i}", "case_id": case_id, "kind": "order",
                                "title": "R", "date_decided": day if i % 6 == 0 else dt.date(2020, 6, 1),
                                "date_decided_precision": "month", "date_decided_approximate": True})  # fmt: skip
            if i % 5 == 0:
                events.append({"id": len(events) + 1, "slug": f"e-{i}", "case_id": case_id, "kind": "meeting",
                               "title": "E", "date": None if i % 10 else dt.date(2020, 12, 31),
                               "date_precision": "day", "date_approximate": False})  # fmt: skip
            if i % 7 == 0 and filings:
                links.append({"slug": f"fc-{i}", "filing_id": filings[0]["id"], "case_id": case_id})
        conn.execute(t["filing"].insert(), filings)
        conn.execute(t["ruling"].insert(), rulings)
        conn.execute(t["event"].insert(), events)
        conn.execute(t["filing_case"].insert(), links)


@pytest.mark.parametrize(("sort", "reverse"), SORTS)
def test_cases_json_with_odd_values_is_the_python_built_json(migrated: Engine, db_url, capsys, monkeypatch, sort,
                                                             reverse):  # fmt: skip
    _odd_database(migrated)
    cases = _check(migrated, db_url, capsys, monkeypatch, "--sort", sort, *(["--reverse"] if reverse else []))
    shown = {c["status_as_of"]["display"] for c in cases if c["status_as_of"]}
    # Every way a date is shown is there: ranges of each precision, bounds, approximate.
    assert {"16 Sep 2021", "c. Sep 2021", "2021–2023", "Sep – Nov 2021", "Sep 2021 – Feb 2022",
            "16 Sep – 30 Sep 2021", "16 Sep 2021 – 2 Jan 2022", "before c. 16 Sep 2021", "after 2021",
            "c. Dec 2020 – Jan 2021", "5 Mar 987"} <= shown  # fmt: skip
    assert any(c["status_as_of"] is None for c in cases) and any(c["court"] is None for c in cases)
    assert {c["latest_activity"]["precision"] for c in cases if c["latest_activity"]} == {"day", "month", "year"}
