"""The case list's light Core tables name real columns of the right types, and the list it
gives is the one the services give (the services delegate to it)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import Engine

from casetrack import caselist, models


@pytest.mark.parametrize("light", caselist.TABLES, ids=lambda t: t.name)
def test_light_table_columns_match_the_models(light) -> None:
    real = models.metadata.tables[light.name]
    for col in light.c:
        assert col.name in real.c, f"{light.name}.{col.name} is not a column of the models"
        real_type = real.c[col.name].type
        real_type = getattr(real_type, "impl", real_type)  # SQLModel's AutoString wraps a String
        assert isinstance(real_type, type(col.type)), (light.name, col.name, real_type)


def test_the_case_list_imports_no_orm_pydantic_or_models() -> None:
    code = (
        "import sys, casetrack.caselist, casetrack.jsonable, casetrack.bootstrap\n"
        "heavy = {'sqlalchemy.orm', 'sqlmodel', 'pydantic', 'casetrack.models', 'casetrack.services', 'alembic'}\n"
        "print(','.join(sorted(heavy & set(sys.modules))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


@pytest.mark.parametrize("sort", caselist.CASE_SORTS)
def test_every_sort_runs_on_the_seed(seeded: Engine, sort: str) -> None:
    with seeded.connect() as conn:
        forward = caselist.list_cases(conn, sort=sort)
        backward = caselist.list_cases(conn, sort=sort, descending=True)
        assert caselist.count_cases(conn) == len(forward) == len(backward) > 10
    assert {c.slug for c in forward} == {c.slug for c in backward}
    coomer = next(c for c in forward if c.slug == "coomer-v-trump-campaign")
    assert coomer.filings > 0 and coomer.quotes > 0 and coomer.latest_activity is not None


# --- keyset pages: a load that commits between two pages -------------------------------


def _add_cases(engine: Engine, names: list[str]) -> None:
    cases = models.metadata.tables["legal_case"]
    with engine.begin() as conn:
        conn.execute(
            cases.insert(),
            [{"slug": name.lower().replace(" ", "-"), "case_name": name, "short_name": name, "kind": "defamation"}
             for name in names],
        )  # fmt: skip


def _delete_cases(engine: Engine, slugs: list[str]) -> None:
    cases = models.metadata.tables["legal_case"]
    with engine.begin() as conn:
        conn.execute(cases.delete().where(cases.c.slug.in_(slugs)))


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("sort", caselist.CASE_SORTS)
def test_pages_stay_consistent_while_a_load_commits(seeded: Engine, sort: str, descending: bool) -> None:
    """Cases added and deleted between page 1 and the next pages: no case is shown twice, none
    that was there all along is skipped, and the later pages are the new list's tail."""
    extras = [f"Aaa extra {i}" for i in range(4)] + [f"Zzz extra {i}" for i in range(4)]
    _add_cases(seeded, extras)
    with seeded.connect() as conn:
        before = [c.slug for c in caselist.list_cases(conn, sort=sort, descending=descending)]
    extra_slugs = {name.lower().replace(" ", "-") for name in extras}
    # Page 1 ends at the fourth extra in this order: two extras before its end are deleted,
    # and two after it.
    at = [i for i, slug in enumerate(before) if slug in extra_slugs]
    first = at[3] + 1
    with seeded.connect() as conn:
        page = caselist.case_page(conn, sort=sort, descending=descending, limit=first)
    shown = [c.slug for c in page.cases]
    assert shown == before[:first]
    gone = [before[i] for i in at[:2] + at[4:6]]
    _delete_cases(seeded, gone)
    _add_cases(seeded, ["Aa new one", "Mm new one", "Zz new one"])
    assert page.more and page.end is not None
    end = page.end
    while True:
        with seeded.connect() as conn:
            page = caselist.case_page(conn, sort=sort, descending=descending, limit=5, after=end)
        shown += [c.slug for c in page.cases]
        if not page.more:
            break
        assert page.end is not None
        end = page.end
    with seeded.connect() as conn:
        after = [c.slug for c in caselist.list_cases(conn, sort=sort, descending=descending)]
    assert len(shown) == len(set(shown)), "a case was shown twice"
    assert [s for s in before if s in after and s not in shown] == [], "a case was skipped"
    rest = shown[first:]
    assert rest == after[len(after) - len(rest) :], "the later pages are not the new list's tail"
    assert set(shown) - set(before) - set(after) == set()
    if sort == "name" and not descending:
        assert "zz-new-one" in rest and "aa-new-one" not in shown


def test_a_page_leaves_out_a_case_deleted_after_its_ids_were_read(seeded: Engine, monkeypatch) -> None:
    _add_cases(seeded, ["Aaa doomed"])
    real = caselist._case_summaries

    def deleted_first(conn, ids):  # the load commits between the two statements of a page
        _delete_cases(seeded, ["aaa-doomed"])
        return real(conn, ids)

    monkeypatch.setattr(caselist, "_case_summaries", deleted_first)
    with seeded.connect() as conn:
        page = caselist.case_page(conn, limit=5)
    assert len(page.cases) == 4 and "aaa-doomed" not in [c.slug for c in page.cases]
    assert page.more  # a full page of ids: more cases may follow


# --- the TUI's first page without SQLAlchemy (casetrack.firstpage) -------------------------


def test_the_first_page_statements_are_the_core_querys() -> None:
    from casetrack import firstpage
    from casetrack.tui.widgets import FIRST_PAGE

    def folded(text: str) -> str:
        return " ".join(text.split())

    ids, summary, count = caselist.first_page_sql(None)
    again = "casetrack.firstpage: copy caselist.first_page_sql(None) again"
    assert folded(ids) == firstpage.ALL_IDS_SQL, again
    assert folded(summary) == firstpage.SUMMARY_SQL, again
    assert folded(count) == firstpage.COUNT_SQL, again
    assert firstpage.LIMIT == FIRST_PAGE
    assert folded(caselist.first_page_sql(FIRST_PAGE)[0]) == firstpage.IDS_SQL
    assert folded(caselist._summary_sql(ordered=True)) == firstpage.ORDERED_SUMMARY_SQL


def _sqlite_file(engine: Engine):
    from pathlib import Path

    if engine.dialect.name != "sqlite":
        pytest.skip("the first page without SQLAlchemy reads SQLite files only")
    return Path(engine.url.database)


@pytest.mark.parametrize("extra", [0, 70], ids=["seed", "more-than-a-page"])
def test_the_first_page_read_with_sqlite3_is_the_core_querys(seeded: Engine, extra: int) -> None:
    from casetrack import firstpage

    path = _sqlite_file(seeded)
    if extra:
        _add_cases(seeded, [f"Mid extra {i:02}" for i in range(extra)])
    with seeded.connect() as conn:
        core = caselist.case_page(conn, limit=firstpage.LIMIT)
        total = caselist.count_cases(conn)
    quick = firstpage.read(path)
    assert quick is not None
    assert quick == (core, total)
    assert quick[0].more == (extra > 0)
    assert any(c.latest_activity is not None and c.status_as_of is not None for c in quick[0].cases)


@pytest.mark.parametrize("extra", [0, 70], ids=["seed", "more-than-a-chunk"])
def test_the_whole_lists_json_read_with_sqlite3_is_the_core_querys(
    seeded: Engine, extra: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cases --json`` as the list opens: the same JSON text, in the same order, as
    list_cases_json (which tests/test_casejson.py holds against the Python-built JSON)."""
    from casetrack import caserows, firstpage

    path = _sqlite_file(seeded)
    if extra:
        _add_cases(seeded, [f"Mid extra {i:02}" for i in range(extra)])
        monkeypatch.setattr(caserows, "ID_CHUNK", 16)  # several chunks, as with 100,000 cases
    with seeded.connect() as conn:
        core = caselist.list_cases_json(conn)
        slugs = [c.slug for c in caselist.list_cases(conn)]
    quick = firstpage.all_json(path)
    assert quick is not None
    assert quick == core
    assert [json.loads(record)["slug"] for record in quick] == slugs


@pytest.mark.parametrize("extra", [0, 70], ids=["seed", "more-than-a-chunk"])
def test_the_whole_list_read_with_sqlite3_is_the_core_querys(
    seeded: Engine, extra: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cases`` and ``cases --csv`` as the list opens: every summary, in order, as list_cases."""
    from casetrack import caserows, firstpage

    path = _sqlite_file(seeded)
    if extra:
        _add_cases(seeded, [f"Mid extra {i:02}" for i in range(extra)])
        monkeypatch.setattr(caserows, "ID_CHUNK", 16)
    with seeded.connect() as conn:
        core = caselist.list_cases(conn)
    quick = firstpage.all_cases(path)
    assert quick == core
    assert any(c.latest_activity is not None and c.status_as_of is not None for c in core)
    monkeypatch.setattr(firstpage, "SUMMARY_SQL", firstpage.SUMMARY_SQL.replace(" AS court,", " AS court_name,"))
    assert firstpage.all_cases(path) is None  # a copy out of step: read through SQLAlchemy


def test_the_first_page_falls_back_when_it_cannot_read_it_plainly(seeded: Engine, tmp_path) -> None:
    from sqlalchemy import text

    from casetrack import firstpage

    path = _sqlite_file(seeded)
    assert firstpage.read(tmp_path / "missing.db") is None
    (tmp_path / "junk.db").write_text("not a database")
    assert firstpage.read(tmp_path / "junk.db") is None
    with seeded.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    assert firstpage.read(path) is None  # behind the code: SQLAlchemy's path says what to run
    assert firstpage.all_json(path) is None
    assert firstpage.all_json(tmp_path / "junk.db") is None
    assert firstpage.all_cases(path) is None
    assert firstpage.all_cases(tmp_path / "missing.db") is None


def test_the_first_page_falls_back_when_its_columns_are_not_the_summarys(seeded: Engine, monkeypatch) -> None:
    """The summary row is read by column name: a copy whose columns are not those names (an
    edit to the statement that was not copied) gives None, not a KeyError or a wrong field."""
    from casetrack import firstpage

    path = _sqlite_file(seeded)
    assert firstpage.read(path) is not None
    monkeypatch.setattr(
        firstpage, "ORDERED_SUMMARY_SQL", firstpage.ORDERED_SUMMARY_SQL.replace(" AS court,", " AS court_name,")
    )
    assert firstpage.read(path) is None


def test_the_first_page_imports_no_sqlalchemy(seeded: Engine) -> None:
    path = _sqlite_file(seeded)
    code = (
        "import sys\nfrom pathlib import Path\nfrom casetrack import firstpage\n"
        f"page = firstpage.read(Path({str(path)!r}))\n"
        "assert page is not None and page[0].cases\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'pydantic'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""
