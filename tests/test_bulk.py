"""Bulk import (casetrack.bulk) and the synthetic corpus generator (benchmarks/generate.py).

The bulk path must leave a database exactly as the normal path would: the same rows, the
same schema objects (FTS triggers and indexes recreated verbatim), the full-text index in
sync and every foreign key valid; and on any error, nothing written.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from casetrack import db
from casetrack.bulk import BulkImportError, TableRows, bulk_import, rows_from_bundle
from casetrack.search import search
from casetrack.seed.compile import Bundle, compile_seed
from casetrack.seed.load import load_bundle
from tests.conftest import ROOT, dump, table_counts

sys.path.insert(0, str(ROOT))
from benchmarks.generate import Corpus, Sizes, generate, write_seed_files

TINY = Sizes(cases=40, filings=600, quotes=120, parties=80, giants=(200,))
SEARCHED = ("quote", "filing", "ruling", "legal_case", "party")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return generate(TINY, seed=7)


@pytest.fixture
def new_db(tmp_path: Path) -> Iterator[Callable[[str], Engine]]:
    """A factory of migrated, empty SQLite databases."""
    engines: list[Engine] = []

    def make(name: str) -> Engine:
        target = db.Target(f"sqlite:///{tmp_path / name}", "--db")
        db.upgrade(target)
        engines.append(db.make_engine(target.url))
        return engines[-1]

    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture
def empty(new_db: Callable[[str], Engine]) -> Engine:
    return new_db("bulk.db")


def _schema(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(text("SELECT type, name, tbl_name, sql FROM sqlite_master")))


def _fts_ok(engine: Engine) -> None:
    """FTS5's own check that each index matches its content table (raises if not)."""
    with engine.connect() as conn:
        for table in SEARCHED:
            conn.execute(text(f"INSERT INTO {table}_fts({table}_fts, rank) VALUES ('integrity-check', 1)"))


def _fk_problems(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(text("PRAGMA foreign_key_check")))


# --- a generated corpus ------------------------------------------------------------------


def test_generated_corpus_imports_with_counts_fks_and_search(empty: Engine, corpus: Corpus) -> None:
    schema_before = _schema(empty)
    report = bulk_import(empty, corpus.rows())
    assert report.rows == corpus.counts()
    assert table_counts(empty) == corpus.counts()
    assert _fk_problems(empty) == []
    with empty.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    _fts_ok(empty)
    # Triggers and indexes dropped for the import are back, verbatim.
    assert _schema(empty) == schema_before
    # A generated quote is found by its words.
    slug, words = corpus.tables["quote"][5][1], corpus.tables["quote"][5][2]
    with Session(empty) as session:
        hits = search(f'"{words}"', session=session, limit=50)
    assert ("quote", slug) in {(h.kind, h.slug) for h in hits}


def test_triggers_keep_fts_in_sync_after_an_import(empty: Engine, corpus: Corpus) -> None:
    bulk_import(empty, corpus.rows())
    with empty.begin() as conn:
        conn.execute(text("UPDATE party SET name = 'Zebulon Quixotic' WHERE id = 3"))
        conn.execute(text("DELETE FROM quote WHERE id = 1"))
    with Session(empty) as session:
        # (the renamed party, found by its new name; its own quotes follow it, found by speaker)
        assert [h.slug for h in search("Quixotic", session=session) if h.match != "speaker"] == [
            corpus.tables["party"][2][1]
        ]
    _fts_ok(empty)


def test_generator_is_deterministic_and_skewed(corpus: Corpus) -> None:
    again = generate(TINY, seed=7)
    assert again.tables == corpus.tables
    assert again.queries == corpus.queries
    assert generate(TINY, seed=8).tables != corpus.tables
    assert corpus.largest_timeline >= 200
    precisions = {row[9] for row in corpus.tables["filing"]}
    assert {"day", "month"} <= precisions
    for table, rows in corpus.tables.items():
        slugs = [row[1] for row in rows]
        assert len(slugs) == len(set(slugs)), table


def test_generated_seed_files_validate(tmp_path: Path) -> None:
    built, files = write_seed_files(tmp_path / "seed", 25, seed=3)
    bundle = compile_seed(tmp_path / "seed")
    assert files == 25 + 3 + len(built.tables["source"])
    assert bundle.counts()["legal_case"] == 25
    assert bundle.counts()["quote"] == len(built.tables["quote"])


# --- the same database as the seed loader ------------------------------------------------


def test_bulk_import_of_the_seed_equals_the_seed_loader(new_db: Callable[[str], Engine], bundle: Bundle) -> None:
    normal, bulk = new_db("normal.db"), new_db("bulk.db")
    load_bundle(normal, bundle)
    # The import drops indexes and triggers and makes them again: as they were, to the letter.
    # (Two databases are not compared here: SQLite's table copies in migration 0006 write a
    # table's constraints in an order that may differ between two runs.)
    schema_before = _schema(bulk)
    bulk_import(bulk, rows_from_bundle(bundle))
    assert dump(bulk) == dump(normal)
    assert _schema(bulk) == schema_before
    query = text("SELECT rowid FROM quote_fts WHERE quote_fts MATCH 'fraud OR dominion' ORDER BY rowid")
    with normal.connect() as a, bulk.connect() as b:
        assert list(a.execute(query)) == list(b.execute(query)) != []


def test_core_path_equals_the_seed_loader(new_db: Callable[[str], Engine], bundle: Bundle) -> None:
    """The SQLAlchemy Core path (used on PostgreSQL) builds the same rows."""
    normal, core = new_db("normal.db"), new_db("core.db")
    load_bundle(normal, bundle)
    bulk_import(core, rows_from_bundle(bundle), method="core")
    assert dump(core) == dump(normal)
    _fts_ok(core)


# SQLite only: it checks the FTS5 tables and triggers the SQLite path drops and recreates.
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_import_into_a_seeded_database_indexes_new_rows(seeded: Engine) -> None:
    with seeded.connect() as conn:
        tables = ("party", "legal_case", "actor")
        max_ids = {t: conn.execute(text(f"SELECT max(id) FROM {t}")).scalar_one() for t in tables}
        source_id = conn.execute(text("SELECT min(id) FROM source")).scalar_one()
    party_id, case_id, actor_id = max_ids["party"] + 1, max_ids["legal_case"] + 1, max_ids["actor"] + 1
    rows: dict[str, Any] = {
        "party": [{"id": party_id, "slug": "wilhelmina-frobisher", "name": "Wilhelmina Frobisher", "kind": "person"}],
        "actor": [
            {
                "id": actor_id,
                "slug": "wilhelmina-frobisher",
                "kind": "party",
                "name": "Wilhelmina Frobisher",
                "party_id": party_id,
            }
        ],
        "legal_case": [
            {
                "id": case_id,
                "slug": "frobisher-v-nobody",
                "case_name": "Frobisher v. Nobody",
                "short_name": "Frobisher v. Nobody",
                "kind": "defamation",
            }
        ],
        "quote": [
            {
                "slug": "frobisher-said",
                "text": "Marmalade is not evidence",
                "speaker_actor_id": actor_id,
                "setting": "interview",
                "case_id": case_id,
                "source_id": source_id,
                "source_locator": "p3",
            }
        ],
        "citation": [
            {
                "slug": "party/wilhelmina-frobisher/1",
                "subject_type": "party",
                "subject_id": party_id,
                "source_id": source_id,
                "locator": "p3",
            }
        ],
    }
    before = table_counts(seeded)
    bulk_import(seeded, rows)
    after = table_counts(seeded)
    assert {t: after[t] - before[t] for t in after if after[t] != before[t]} == {
        "party": 1, "actor": 1, "legal_case": 1, "quote": 1, "citation": 1,
    }  # fmt: skip
    with Session(seeded) as session:
        assert [h.slug for h in search("marmalade", session=session)] == ["frobisher-said"]
        assert any(h.slug == "parker-never-about-fraud" for h in search("never about fraud", session=session))
    _fts_ok(seeded)
    assert _fk_problems(seeded) == []
    with seeded.connect() as conn:
        confidence = conn.execute(
            text("SELECT confidence, position FROM citation WHERE slug = 'party/wilhelmina-frobisher/1'")
        ).one()
    assert tuple(confidence) == ("high", 0)


# --- errors: nothing written -------------------------------------------------------------


def test_importing_the_same_rows_twice_fails_and_changes_nothing(empty: Engine, corpus: Corpus) -> None:
    bulk_import(empty, corpus.rows())
    before, schema = dump(empty), _schema(empty)
    with pytest.raises(BulkImportError, match=r"nothing written: insert into source: UNIQUE constraint failed"):
        bulk_import(empty, corpus.rows())
    assert dump(empty) == before
    assert _schema(empty) == schema
    _fts_ok(empty)


def _broken(corpus: Corpus, table: str, column: str, value: Any) -> dict[str, TableRows]:
    rows = corpus.rows()
    cols = list(rows[table].columns)
    data = [tuple(r) for r in rows[table].rows]
    data[3] = (*data[3][: cols.index(column)], value, *data[3][cols.index(column) + 1 :])
    rows[table] = TableRows(cols, data)
    return rows


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        ("filing", "kind", "rumour", r"filing .*: CHECK constraint failed: ck_filing_kind"),
        ("filing", "date_filed_precision", "week", r"CHECK constraint failed: ck_filing_date_filed_precision"),
        ("filing", "case_id", 999_999, r"filing row id 4: case_id refers to a missing legal_case"),
        ("quote", "speaker_actor_id", 999_999, r"quote row id 4: speaker_actor_id refers to a missing actor"),
        ("citation", "subject_id", 999_999, r"citation .*: no \w+ with id 999999"),
        ("citation", "subject_type", "rumour", r"unknown subject_type 'rumour'"),
        ("filing", "title", None, r"NOT NULL constraint failed: filing.title"),
    ],
)
def test_a_broken_row_rolls_back_everything(
    empty: Engine, corpus: Corpus, table: str, column: str, value: Any, message: str
) -> None:
    schema = _schema(empty)
    with pytest.raises(BulkImportError, match=message):
        bulk_import(empty, _broken(corpus, table, column, value))
    assert set(table_counts(empty).values()) == {0}
    assert _schema(empty) == schema
    with empty.connect() as conn:  # the connection's settings are restored
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert conn.execute(text("PRAGMA ignore_check_constraints")).scalar_one() == 0


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"rumour": []}, r"unknown table\(s\): rumour"),
        (
            {"party": [{"slug": "x", "name": "X", "kind": "person", "shoe_size": 9}]},
            r"party: unknown column\(s\) shoe_size",
        ),
        ({"party": [{"slug": "x", "kind": "person"}]}, r"party: required column 'name' is missing"),
        ({"party": TableRows(("slug", "name"), [("x", "X")])}, r"party: required column 'kind' is missing"),
        ({"party": TableRows(("slug", "name", "kind"), [("x", "X")])}, r"party: row 1 has 2 values for 3 columns"),
    ],
)
def test_bad_input_is_refused(empty: Engine, rows: dict[str, Any], message: str) -> None:
    with pytest.raises(BulkImportError, match=message):
        bulk_import(empty, rows)
    assert set(table_counts(empty).values()) == {0}


def test_an_unmigrated_database_is_refused(tmp_path: Path, corpus: Corpus) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'blank.db'}")
    try:
        with pytest.raises(BulkImportError, match="run: casetrack db upgrade"):
            bulk_import(engine, corpus.rows())
    finally:
        engine.dispose()


# --- the read services on a generated corpus ----------------------------------------------


def test_case_summaries_in_chunks_and_latest_activity(
    empty: Engine, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.generate import COL
    from casetrack import caserows, services

    bulk_import(empty, corpus.rows())
    monkeypatch.setattr(caserows, "ID_CHUNK", 7)  # many chunks: as with 100,000 cases
    # The latest dated record of each case, from the generated rows; ties go to the lowest
    # id, then to filings, rulings, depositions, events in that order.
    latest: dict[int, tuple[str, str]] = {}
    for table, column in (("filing", "date_filed"), ("ruling", "date_decided"), ("deposition", "date_taken"),
                          ("event", "date")):  # fmt: skip
        c = COL[table]
        for row in sorted(corpus.tables[table], key=lambda r: r[0]):
            value, case_id = row[c[column]], row[c["case_id"]]
            if value is not None and (case_id not in latest or value > latest[case_id][0]):
                latest[case_id] = (value, row[c[f"{column}_precision"]])
    slugs = {row[1]: row[0] for row in corpus.tables["legal_case"]}
    with Session(empty) as session:
        everything = services.list_cases(session=session)
        pages = [
            c for offset in range(0, 40, 15) for c in services.list_cases(session=session, limit=15, offset=offset)
        ]
        by_activity = services.list_cases(session=session, sort="activity", descending=True)
    assert len(everything) == 40
    assert pages == everything
    for case in everything:
        got = case.latest_activity
        expected = latest.get(slugs[case.slug])
        assert (None if got is None else (got.value.isoformat(), got.precision.value)) == expected, case.slug
    dates = [c.latest_activity.value for c in by_activity if c.latest_activity is not None]
    assert dates == sorted(dates, reverse=True)
    assert all(c.latest_activity is None for c in by_activity[len(dates) :])


def test_timeline_pages_follow_the_timeline_order(empty: Engine, corpus: Corpus) -> None:
    """Pages read a page of each kind through the (case_id, date) indexes; together they are
    the whole timeline in order: dated first by date, then kind, then id; undated last."""
    from benchmarks.generate import COL
    from casetrack import services

    bulk_import(empty, corpus.rows())
    giant = next(row for row in corpus.tables["legal_case"] if row[1] == corpus.largest_case)
    expected = []
    for kind, table, column in (("filing", "filing", "date_filed"), ("deposition", "deposition", "date_taken"),
                                ("ruling", "ruling", "date_decided"), ("event", "event", "date")):  # fmt: skip
        c = COL[table]
        for row in corpus.tables[table]:
            if row[c["case_id"]] == giant[0]:
                expected.append((row[c[column]] is None, row[c[column]] or "", kind, row[0], row[1]))
    expected.sort()
    assert any(e[0] for e in expected) and not all(e[0] for e in expected)  # both dated and undated
    with Session(empty) as session:
        whole = services.case_timeline(session=session, slug=giant[1])
        pages = [
            e
            for offset in range(0, len(expected) + 30, 30)
            for e in services.case_timeline(session=session, slug=giant[1], limit=30, offset=offset)
        ]
        tail = services.case_timeline(session=session, slug=giant[1], offset=len(expected) - 5)
        count = services.count_timeline(session=session, slug=giant[1])
    assert [e.slug for e in whole] == [e[4] for e in expected]
    assert pages == whole
    assert tail == whole[-5:]
    assert count == len(expected)


def _timeline_pages(session: Session, slug: str, size: int, after: Any = None) -> list[Any]:
    from casetrack import services

    entries = []
    while True:
        page = services.case_timeline_page(session=session, slug=slug, limit=size, after=after)
        entries += page.entries
        if not page.more:
            return entries
        after = page.end


def test_timeline_keyset_pages_stay_consistent_while_a_load_commits(empty: Engine, corpus: Corpus) -> None:
    """Keyset pages give the whole timeline; when a load adds and deletes filings between two
    pages, no entry is shown twice, none there all along is skipped, and the later pages are
    the new timeline's tail."""
    import datetime as dt

    from casetrack import models, services

    bulk_import(empty, corpus.rows())
    giant = next(row for row in corpus.tables["legal_case"] if row[1] == corpus.largest_case)
    filing = models.metadata.tables["filing"]

    def add(rows: list[tuple[str, dt.date | None]]) -> None:
        with empty.begin() as conn:
            conn.execute(
                filing.insert(),
                [{"slug": s, "case_id": giant[0], "kind": "motion", "title": s, "date_filed": d,
                  "date_filed_approximate": False, "date_written_approximate": False} for s, d in rows],
            )  # fmt: skip

    add([("early-1", dt.date(1900, 1, 2)), ("early-2", dt.date(1900, 1, 3)), ("early-3", dt.date(1900, 1, 4))])
    with Session(empty) as session:
        before = [(e.kind, e.slug) for e in services.case_timeline(session=session, slug=giant[1])]
        assert [(e.kind, e.slug) for e in _timeline_pages(session, giant[1], 30)] == before
        first = services.case_timeline_page(session=session, slug=giant[1], limit=40)
    shown = [(e.kind, e.slug) for e in first.entries]
    assert shown == before[:40] and first.more and first.end is not None
    cursor = first.entries[-1]
    assert cursor.date is not None
    with empty.begin() as conn:  # the load: three entries before the cursor go, four come
        conn.execute(filing.delete().where(filing.c.slug.in_(["early-1", "early-2", "early-3"])))
    add([("new-before", dt.date(1900, 1, 1)), ("new-same-day", cursor.date.value),
         ("new-later", dt.date(2100, 1, 1)), ("new-undated", None)])  # fmt: skip
    with Session(empty) as session:
        rest = [(e.kind, e.slug) for e in _timeline_pages(session, giant[1], 30, first.end)]
        after = [(e.kind, e.slug) for e in services.case_timeline(session=session, slug=giant[1])]
    shown += rest
    assert len(shown) == len(set(shown)), "an entry was shown twice"
    assert [e for e in before if e in after and e not in shown] == [], "an entry was skipped"
    assert rest == after[len(after) - len(rest) :]
    assert {("filing", "new-later"), ("filing", "new-undated")} <= set(rest)
    assert ("filing", "new-before") not in shown
