"""Citations name their source (short title and date) wherever they show in the CLI, and
related cases show as names: tables and CSV for people, JSON with the name beside the slugs."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from casetrack import services
from tests.test_cli import run

MEMO = "NYT: Trump campaign memo, 21 Sep 2021"


@pytest.fixture
def seeded_url(seeded: Engine, db_url: str) -> str:
    return db_url


def test_quotes_csv_and_json_name_the_source(capsys, seeded_url: str) -> None:
    code, out, err = run(capsys, "--db", seeded_url, "quotes", "--speaker", "rudolph-giuliani", "--csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["source"] for r in rows} == {f"{MEMO}, ¶29", f"{MEMO}, ¶30"}
    code, out, _ = run(capsys, "--db", seeded_url, "quotes", "--speaker", "rudolph-giuliani", "--json")
    for q in json.loads(out):
        assert q["source"]["name"] == MEMO and q["source"]["source"] == "nyt-coomer-memo"  # the name, and the slug


def test_search_quote_hits_carry_setting_and_named_source(capsys, seeded_url: str) -> None:
    code, out, err = run(capsys, "--db", seeded_url, "search", "Giuliani", "--json")
    assert code == 0, err
    hits = {h["slug"]: h for h in json.loads(out)}
    mine = hits["giuliani-wanted-trump-to-lose"]
    assert mine["speaker_slug"] == "rudolph-giuliani" and mine["setting"] == "deposition_answer"
    assert mine["source"]["name"] == MEMO and mine["source"]["locator"] == "p29"
    assert hits["rudolph-giuliani"]["source"] is None  # a person is no citation
    code, out, _ = run(capsys, "--db", seeded_url, "search", "Giuliani", "--csv")
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["slug"] == "giuliani-wanted-trump-to-lose")
    assert (row["said by"], row["setting"], row["source"]) == (
        "Rudolph W. Giuliani",
        "deposition answer",
        f"{MEMO}, ¶29",
    )


def test_case_and_person_text_name_each_source_and_related_cases(capsys, seeded_url: str) -> None:
    code, out, err = run(capsys, "--db", seeded_url, "case", "king-v-whitmer-sanctions")
    assert code == 0, err
    assert "  Arises from: King v. Whitmer\n" in out
    assert f"Status: sanctions imposed as of 25 Aug 2021 [Background facts, B10; {MEMO}, ¶33]" in out
    assert f"(also in King v. Whitmer) [{MEMO}, ¶33, ¶34; Background facts, B10]" in out  # the ruling
    assert f"Sidney Powell [{MEMO}, ¶33; Background facts, B10]" in out  # her role
    assert f"— Linda V. Parker (ruling) [{MEMO}, ¶34]" in out
    assert "The New York Times" not in out  # never the publisher alone
    code, out, _ = run(capsys, "--db", seeded_url, "case", "king-v-whitmer")
    assert "  Related matters: King v. Whitmer sanctions\n" in out
    assert "king-v-whitmer-sanctions" not in out  # not even in the summary
    code, out, _ = run(capsys, "--db", seeded_url, "person", "rudolph-giuliani")
    assert f"(deposition answer, Coomer v. Trump campaign) [{MEMO}, ¶29]" in out


def test_case_json_keeps_slugs_and_adds_names(capsys, seeded_url: str) -> None:
    code, out, err = run(capsys, "--db", seeded_url, "case", "king-v-whitmer-sanctions", "--json")
    assert code == 0, err
    data = json.loads(out)
    case = data["case"]
    assert (case["parent"], case["parent_name"]) == ("king-v-whitmer", "King v. Whitmer")
    assert {s["name"] for s in case["status"]["sources"]} == {"Background facts", MEMO}
    ruling = data["timeline"][0]
    assert [(s["source"], s["locator"], s["name"]) for s in ruling["sources"]][:2] == [
        ("nyt-coomer-memo", "p33", MEMO),
        ("nyt-coomer-memo", "p34", MEMO),
    ]
    assert all(p["sources"] for p in data["parties"])


def test_one_citation_builder_names_byline_and_invents_no_url(session: Session) -> None:
    q = services.get_quote(session=session, slug="parker-never-about-fraud")
    headline = "“Trump Campaign Knew Lawyers’ Voting Machine Claims Were Baseless, Memo Shows”"
    assert q.citation_line().endswith(
        f"— Linda V. Parker (ruling, 25 Aug 2021). Source: {MEMO}, ¶34 ({headline}, The New York Times, by Alan Feuer)."
    )
    assert "http" not in q.citation_line()  # the schema keeps no URL: none is made up
    # A source without a short title or byline: the title names it, nothing is invented.
    comment = services.SourceRef("reader-comment-kraken", "Reader comment", None, "p2")
    assert comment.display() == "Reader comment, ¶2"
    assert services.citations([comment, q.source, comment]) == f"Reader comment, ¶2, ¶2; {MEMO}, ¶34"


def test_timeline_names_the_source_of_each_entry(capsys, seeded_url: str) -> None:
    code, out, err = run(capsys, "--db", seeded_url, "timeline", "--from", "2021-09", "--to", "2021-09", "--csv")
    assert code == 0, err
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["coomer-motion-continued-to-allow"]["source"] == f"{MEMO}, ¶20"  # a quote: its own source
    assert rows["parkinson-emails"]["source"] == f"{MEMO}, ¶8, ¶16"  # a filing: its citations
    assert all(r["source"] for r in rows.values())
    code, out, _ = run(capsys, "--db", seeded_url, "timeline", "--from", "2021-09", "--to", "2021-09", "--json")
    entry = next(e for e in json.loads(out) if e["slug"] == "parkinson-emails")
    assert [(s["source"], s["locator"], s["name"]) for s in entry["sources"]] == [
        ("nyt-coomer-memo", "p8", MEMO),
        ("nyt-coomer-memo", "p16", MEMO),
    ]
