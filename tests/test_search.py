"""Full-text search (casetrack.search) on the bundled seed, on SQLite and PostgreSQL alike:
whole words, search as you type (the last word a prefix), and user text that looks like
query syntax."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlmodel import Session

from casetrack import db
from casetrack.search import MAX_WORDS, SEARCHED, search, terms


def slugs(query: str, session: Session, *, prefix: bool = False, kind: str | None = None) -> set[str]:
    return {h.slug for h in search(query, session=session, prefix=prefix, limit=200) if kind in (None, h.kind)}


def test_a_half_typed_word_finds_what_starts_with_it(session: Session) -> None:
    assert "eric-coomer" in slugs("Coom", session, prefix=True, kind="party")
    assert "eric-coomer" not in slugs("Coom", session, kind="party")  # a whole-word search


def test_a_one_letter_prefix_finds_matches(session: Session) -> None:
    # The first key typed in the search box: FTS5 answers it from its 1-character prefix index.
    assert "sidney-powell" in slugs("sidney p", session, prefix=True, kind="party")
    assert "sidney-powell" not in slugs("sidney q", session, prefix=True, kind="party")


def test_only_the_last_word_is_a_prefix(session: Session) -> None:
    assert "sidney-powell" in slugs("sidney pow", session, prefix=True, kind="party")
    assert "sidney-powell" not in slugs("pow sidney", session, prefix=True, kind="party")


def test_a_closed_quote_is_not_a_prefix(session: Session) -> None:
    assert "eric-coomer" not in slugs('"Coom"', session, prefix=True, kind="party")
    assert "eric-coomer" in slugs('"Eric Coomer"', session, prefix=True, kind="party")


def test_a_prefix_past_the_stem_still_matches(session: Session) -> None:
    # PostgreSQL indexes stems ("deposition" -> 'deposit'); "depositi" must still find it.
    hits = search("depositi", session=session, prefix=True, limit=200)
    assert any("deposition" in (h.title + " " + h.snippet).lower() for h in hits)


def test_a_stop_word_typed_as_a_prefix_finds_longer_words(session: Session) -> None:
    # "the" has no English lexeme on PostgreSQL; as a prefix it still finds "theory", "there"...
    hits = search("the", session=session, prefix=True, limit=200)
    found = {w for h in hits for w in (h.title + " " + h.snippet).lower().split()}
    assert any(w.startswith("the") and w.strip(".,;:!?\"'”“") not in {"the"} for w in found), found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet=st.sampled_from(list("ab *\"'()-:^\\&|!<>NEAR_é0")), max_size=12), prefix=st.booleans())
def test_user_text_never_reaches_the_query_syntax(session: Session, query: str, prefix: bool) -> None:
    hits = search(query, session=session, prefix=prefix)
    assert all(h.kind in {"quote", "filing", "ruling", "case", "party", "event"} for h in hits)
    session.rollback()  # a failed statement would leave PostgreSQL's transaction aborted


def test_a_very_long_query_is_answered(session: Session) -> None:
    words = " ".join(["never", "about", "fraud"] + ["zzyzx"] * 20_000)
    assert search(words, session=session, prefix=True) == []  # all words required: no match
    hits = search("never about fraud " + "fraud " * 20_000, session=session)  # the first 64 words count
    assert "parker-never-about-fraud" in {h.slug for h in hits}
    assert len(terms("a " * 20_000)) == MAX_WORDS


def test_sqlite_full_text_tables_have_prefix_indexes(tmp_path: Path) -> None:
    # SQLite only: PostgreSQL's GIN indexes answer prefix queries as they are.
    target = db.Target(f"sqlite:///{tmp_path / 'fts.db'}", "--db")
    db.upgrade(target)
    engine = db.make_engine(target.url)
    try:
        with engine.connect() as conn:
            ddl = dict(conn.execute(text("SELECT name, sql FROM sqlite_master WHERE name GLOB '*_fts'")).all())
    finally:
        engine.dispose()
    assert set(ddl) == {f"{table}_fts" for table in SEARCHED}
    assert all("prefix='1 2 3'" in sql for sql in ddl.values()), ddl
