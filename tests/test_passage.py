"""`casetrack source`: the paragraph behind a fact or a quote, with its neighbours and the
source's particulars; every quote's words are found in the paragraph it cites."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from casetrack.models import Quote
from casetrack.passage import read_passage, spans
from tests.conftest import SEED
from tests.test_cli import one_line_error, run


def test_source_prints_the_paragraph_its_neighbours_and_the_byline(
    capsys: pytest.CaptureFixture[str], seeded: Engine, db_url: str
) -> None:
    code, out, err = run(capsys, "--db", db_url, "source", "nyt-coomer-memo:p34")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Trump Campaign Knew Lawyers’ Voting Machine Claims Were Baseless, Memo Shows"
    assert lines[1] == "The New York Times · by Alan Feuer · 21 Sep 2021 · article"
    assert lines[2] == "nyt-coomer-memo:p34"
    numbered = [line[:7].split() for line in lines if "¶" in line[:8]]
    assert numbered == [["¶32"], ["¶33"], ["▶", "¶34"], ["¶35"], ["¶36"]]
    cited = next(i for i, line in enumerate(lines) if line.startswith("▶"))
    assert "This case was never about fraud" in lines[cited]


def test_source_json_marks_the_quotes_words(capsys: pytest.CaptureFixture[str], seeded: Engine, db_url: str) -> None:
    code, out, err = run(capsys, "--db", db_url, "source", "parker-never-about-fraud", "--context", "1", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["ref"], data["quote"], data["author"]) == (
        "nyt-coomer-memo:p34",
        "parker-never-about-fraud",
        "Alan Feuer",
    )
    assert [p["locator"] for p in data["paragraphs"]] == ["p33", "p34", "p35"]
    (cited,) = [p for p in data["paragraphs"] if p["cited"]]
    marked = [cited["text"][a:b] for a, b in cited["highlights"]]
    # The judge's words, in their two parts; the reporter's "the judge ... wrote" is not marked.
    assert marked == [
        "This case was never about fraud,",
        "It was about undermining the people’s faith in our democracy and debasing the judicial process to do so.",
    ]
    assert all(not p["highlights"] for p in data["paragraphs"] if not p["cited"])


def test_a_background_fact_with_its_neighbours(seeded: Engine) -> None:
    with Session(seeded) as session:
        passage = read_passage(session=session, ref="background:B10", seed_dir=SEED, context=1)
    assert [(p.locator, p.cited) for p in passage.paragraphs] == [("B09", False), ("B10", True), ("B11", False)]
    assert "King v. Whitmer" in passage.paragraphs[1].text


def test_every_quote_is_found_in_the_paragraph_it_cites(seeded: Engine) -> None:
    with Session(seeded) as session:
        slugs = session.exec(select(Quote.slug)).all()
        assert len(slugs) > 20
        for slug in slugs:
            passage = read_passage(session=session, ref=slug, seed_dir=SEED, context=0)
            cited = " ".join(p.text for p in passage.paragraphs if p.cited)
            assert passage.highlights, slug
            for words in passage.highlights:
                assert spans(cited, (words,)), f"{slug}: {words!r} is not in {passage.ref}"


@pytest.mark.parametrize(
    ("ref", "code", "message"),
    [
        ("nyt-coomer-memo:p999", 1, "nyt-coomer-memo:p999 is outside p1-p40 of this source"),
        ("nyt-coomer-memo:p30-p28", 1, "nyt-coomer-memo:p30-p28: the range runs backwards"),
        ("nyt-comer-memo:p3", 1, "no source 'nyt-comer-memo'; did you mean 'nyt-coomer-memo'?"),
        ("background:p3", 1, "'background' has no numbered paragraphs; cite a fact such as background:B01"),
        ("background:B99", 1, "no fact 'B99' in 'background' (B01-B"),
        ("x:y", 2, "not a source reference: 'x:y'"),
        ("no-such-quote", 1, "no quote 'no-such-quote'"),
    ],
)
def test_source_bad_references_are_one_line(
    capsys: pytest.CaptureFixture[str], seeded: Engine, db_url: str, ref: str, code: int, message: str
) -> None:
    got, out, err = run(capsys, "--db", db_url, "source", ref)
    assert (got, out) == (code, "")
    assert message in one_line_error(err)


def test_source_without_its_texts_says_where_to_look(
    capsys: pytest.CaptureFixture[str], seeded: Engine, db_url: str, tmp_path
) -> None:
    got, out, err = run(capsys, "--db", db_url, "source", "nyt-coomer-memo:p1", "--seed", str(tmp_path))
    assert (got, out) == (1, "")
    assert "is not at" in one_line_error(err) and "--seed DIR" in err
