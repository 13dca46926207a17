"""The CLI as scripts and people use it: exit codes, one-line errors, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from casetrack import db
from casetrack.cli import main
from tests.conftest import dump


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0) if not isinstance(exc.code, str) else 1
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def seeded_url(seeded: Engine, db_url: str) -> str:
    return db_url


# --- choosing the database -------------------------------------------------------------


def test_db_path_follows_flag_then_env_then_default(capsys, monkeypatch, tmp_path: Path) -> None:
    assert run(capsys, "--db", str(tmp_path / "a.db"), "db", "path")[1].strip() == str(tmp_path / "a.db")
    monkeypatch.setenv("CASETRACK_DB", str(tmp_path / "b.db"))
    assert run(capsys, "db", "path")[1].strip() == str(tmp_path / "b.db")
    monkeypatch.delenv("CASETRACK_DB")
    assert run(capsys, "db", "path")[1].strip() == str(tmp_path / "default" / "casetrack.db")


def test_default_database_is_created_migrated_and_seeded_on_first_run(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "cases", "--json")
    assert code == 0, err
    slugs = {c["slug"] for c in json.loads(out)}
    assert "coomer-v-trump-campaign" in slugs
    assert (tmp_path / "default" / "casetrack.db").exists()
    code, out, _ = run(capsys, "db", "current")
    assert code == 0 and "up to date" in out


def test_upgrade_creates_a_database_with_named_foreign_keys(capsys, tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    code, out, _ = run(capsys, "--db", str(path), "db", "upgrade")
    assert code == 0 and f"{path}: at revision" in out
    conn = sqlite3.connect(path)
    schema = "\n".join(r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"))
    assert "CONSTRAINT fk_filing_case_id_legal_case FOREIGN KEY" in schema
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


# --- database errors: one line, non-zero, nothing written ----------------------------------


def test_missing_database_named_with_db_is_not_created(capsys, tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    code, _, err = run(capsys, "--db", str(path), "cases")
    assert code == 1
    assert one_line_error(err) == f"casetrack: no database at {path}; create it with: casetrack --db PATH db upgrade"
    assert not path.exists()


def test_database_behind_the_code_says_to_upgrade(capsys, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    assert run(capsys, "--db", str(path), "db", "upgrade", "0001")[0] == 0
    code, _, err = run(capsys, "--db", str(path), "cases")
    assert code == 1
    line = one_line_error(err)
    assert "behind this casetrack" in line and f"run: casetrack --db {path} db upgrade" in line
    code, out, _ = run(capsys, "--db", str(path), "db", "current")
    assert code == 1 and "behind" in out
    assert run(capsys, "--db", str(path), "db", "upgrade")[0] == 0
    assert run(capsys, "--db", str(path), "cases")[0] == 0


def test_database_newer_than_the_code_is_refused(capsys, tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    run(capsys, "--db", str(path), "db", "upgrade")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    for args in (["cases"], ["db", "upgrade"], ["seed", "load"]):
        code, _, err = run(capsys, "--db", str(path), *args)
        assert code == 1, args
        assert "newer than this casetrack knows" in one_line_error(err)


def test_file_that_is_not_sqlite(capsys, tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n")
    for args in (["cases"], ["db", "upgrade"]):
        code, _, err = run(capsys, "--db", str(path), *args)
        assert code == 1
        assert one_line_error(err) == f"casetrack: {path} is not a SQLite database"
    assert path.read_text() == "these are my notes, not a database\n"


def test_path_that_cannot_be_written(capsys, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = run(capsys, "--db", str(blocker / "sub" / "x.db"), "db", "upgrade")
    assert code == 1
    assert one_line_error(err).startswith(f"casetrack: cannot create {blocker / 'sub'}")


def test_locked_database_gives_one_line_and_loads_nothing(capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "locked.db"
    run(capsys, "--db", str(path), "db", "upgrade")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run(capsys, "--db", str(path), "seed", "load")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1
    assert "is locked by another process" in one_line_error(err)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM legal_case").fetchone() == (0,)
    conn.close()


def test_bad_seed_exits_non_zero_naming_file_and_line(capsys, tmp_path: Path, seed_copy: Path) -> None:
    path = tmp_path / "s.db"
    run(capsys, "--db", str(path), "db", "upgrade")
    assert run(capsys, "--db", str(path), "seed", "load", "-q")[0] == 0
    case_file = seed_copy / "cases" / "dominion-v-fox.yaml"
    case_file.write_text(case_file.read_text().replace("date_filed: 2021-03-26", "date_filed: 2021-13-45"))
    engine = db.make_engine(f"sqlite:///{path}")
    before = dump(engine)
    code, out, err = run(capsys, "--db", str(path), "seed", "load", str(seed_copy))
    assert code == 1 and out == ""
    assert "dominion-v-fox.yaml:8:13: date_filed: not a date: '2021-13-45'" in err
    assert "nothing was written" in err and "Traceback" not in err
    assert dump(engine) == before
    engine.dispose()


# --- reading, for scripts ----------------------------------------------------------------


def test_seed_load_reports_and_second_run_changes_nothing(capsys, migrated: Engine, db_url: str) -> None:
    code, out, _ = run(capsys, "--db", db_url, "seed", "load", "--json")
    assert code == 0 and json.loads(out)["added"]["legal_case"]
    code, out, _ = run(capsys, "--db", db_url, "seed", "load")
    assert code == 0 and out.strip().endswith("unchanged") and out.startswith("0 added, 0 changed")


def test_cases_json_filters_and_dates_carry_precision(capsys, seeded_url: str) -> None:
    code, out, _ = run(capsys, "--db", seeded_url, "cases", "--kind", "defamation", "--status", "settled", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["slug"] for r in rows] == ["dominion-v-fox"]
    assert rows[0]["status_as_of"] == {
        "date": "2023-04-18", "precision": "day", "approximate": False, "text": None, "end": None, "bound": None,
        "display": "18 Apr 2023",
    }  # fmt: skip


def test_list_json_is_one_record_per_line(capsys, seeded_url: str) -> None:
    code, out, _ = run(capsys, "--db", seeded_url, "cases", "--json")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "[" and lines[-1] == "]"
    records = [json.loads(line.strip().removesuffix(",")) for line in lines[1:-1]]
    assert records == json.loads(out) and len(records) >= 10
    assert all(line.endswith(",") for line in lines[1:-2]) and not lines[-2].endswith(",")
    code, out, _ = run(capsys, "--db", seeded_url, "cases", "--name", "no such case", "--json")
    assert code == 0 and out == "[]\n"


def test_one_record_per_line_holds_for_text_with_unicode_line_breaks(capsys) -> None:
    from casetrack.output import echo_json as _echo_json

    records = [{"text": "pasted\u2028from a page\x85and\u2029more"}, {"text": "é"}]
    _echo_json(records)
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 4 and json.loads(out) == records


def test_cases_csv(capsys, seeded_url: str) -> None:
    code, out, _ = run(capsys, "--db", seeded_url, "cases", "--kind", "sanctions", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["slug"] for r in rows] == ["king-v-whitmer-sanctions"]
    assert rows[0]["status"] == "sanctions imposed" and rows[0]["as of"] == "25 Aug 2021"


def test_case_json_has_timeline_parties_and_quotes(capsys, seeded_url: str) -> None:
    code, out, _ = run(capsys, "--db", seeded_url, "case", "coomer-v-trump-campaign", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["case"]["docket_number"] == "2020CV34319"
    dates = [e["date"]["date"] for e in data["timeline"] if e["date"]]
    assert dates == sorted(dates)
    assert {"plaintiff", "defendant"} <= {p["role"] for p in data["parties"]}
    assert any(q["speaker"] == "rudolph-giuliani" and q["setting"] == "deposition_answer" for q in data["quotes"])


def test_quotes_json_credits_each_quote_to_whoever_the_source_says_said_it(capsys, seeded_url: str) -> None:
    code, out, _ = run(capsys, "--db", seeded_url, "quotes", "--json")
    assert code == 0
    quotes = {q["slug"]: q for q in json.loads(out)}
    who = {slug: (q["speaker_kind"], q["speaker"], q["speaker_name"], q["setting"]) for slug, q in quotes.items()}
    # The motion's words are counsel's, not Coomer's; so is the question put in the deposition.
    assert who["coomer-motion-memo-shows"] == ("counsel", "counsel/coomer-v-trump-campaign/eric-coomer",
                                                "Counsel for Eric Coomer", "filing")  # fmt: skip
    assert who["coomer-lawyers-opinion-based-on"][0:2] == ("counsel", "counsel/coomer-v-trump-campaign/eric-coomer")
    assert who["coomer-lawyers-opinion-based-on"][3] == "deposition_question"
    assert who["dollman-yes-sir"][1:] == ("sean-dollman", "Sean Dollman", "deposition_answer")
    # The suspension ruling's words are the court's; a court is not a party.
    assert who["ny-court-demonstrably-false"][0:2] == ("court", "court/ny-appellate-division-first-department")
    # An interrupted quote is one record, its parts joined.
    assert quotes["parker-never-about-fraud"]["text"].startswith("This case was never about fraud, … It was about")
    assert "parker-undermining-faith" not in quotes
    # A quote may bear on no case; The Epoch Times' statements and Bannon's remarks are there.
    assert quotes["powell-bloodless-coup"]["case"] is None
    assert who["bannon-top-conservative-news-site"][1] == "stephen-k-bannon"
    assert sum(1 for q in who.values() if q[1] == "the-epoch-times") >= 8


def test_one_ruling_shared_by_three_suits(capsys, seeded_url: str) -> None:
    timelines = {}
    for case in ("dominion-v-powell", "dominion-v-giuliani", "dominion-v-lindell"):
        code, out, _ = run(capsys, "--db", seeded_url, "case", case, "--json")
        assert code == 0
        timelines[case] = [e for e in json.loads(out)["timeline"] if e["slug"] == "nichols-opinion-powell"]
    assert [len(t) for t in timelines.values()] == [1, 1, 1]
    assert timelines["dominion-v-powell"][0]["also_in"] == ["dominion-v-giuliani", "dominion-v-lindell"]
    assert timelines["dominion-v-giuliani"][0]["also_in"] == ["dominion-v-lindell", "dominion-v-powell"]
    assert timelines["dominion-v-powell"][0]["date"]["display"] == "11 Aug 2021"


def test_unknown_slug_exits_1_with_a_suggestion(capsys, seeded_url: str) -> None:
    code, out, err = run(capsys, "--db", seeded_url, "case", "coomer-v-trump-campain")
    assert code == 1 and out == ""
    assert one_line_error(err) == "casetrack: no case 'coomer-v-trump-campain'; did you mean 'coomer-v-trump-campaign'?"
    code, _, err = run(capsys, "--db", seeded_url, "person", "sidney-powel")
    assert code == 1 and "did you mean 'sidney-powell'?" in err


def test_bad_usage_exits_2(capsys, seeded_url: str) -> None:
    code, out, err = run(capsys, "--db", seeded_url, "cases", "--kind", "libel")
    assert code == 2 and out == "" and "unknown kind 'libel'" in err
    assert run(capsys, "--db", seeded_url, "no-such-command")[0] == 2


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["cases", "--kind", "libel"], "casetrack cases: Invalid value: unknown kind 'libel'; choose from "),
        (["cases", "--bogus"], "casetrack cases: No such option: --bogus (see casetrack cases --help)"),
        (["feed", "--limit", "0"], "casetrack feed: Invalid value for '--limit': Input should be greater than"),
        (["no-such-command"], "casetrack: No such command 'no-such-command'. (see casetrack --help)"),
        (["seed", "load", "a", "b", "c"], "casetrack seed load: Got unexpected extra argument"),
    ],
)
def test_usage_errors_are_one_line_naming_the_command(capsys, args: list[str], expected: str) -> None:
    """Typer's usage errors, like every other user error, are one line (not its Usage/Try/Error
    block), name the command and point at its help; exit 2."""
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert one_line_error(err).startswith(expected)


def test_a_group_without_a_command_prints_its_help(capsys) -> None:
    code, _out, err = run(capsys, "db")
    assert code == 2 and "Usage: casetrack db [OPTIONS] COMMAND" in err and "upgrade" in err


def test_a_word_of_a_slug_is_offered_the_slugs_that_hold_it(capsys, seeded_url: str) -> None:
    code, _, err = run(capsys, "--db", seeded_url, "case", "coomer")
    assert code == 1
    assert one_line_error(err) == "casetrack: no case 'coomer'; did you mean 'coomer-v-trump-campaign'?"
    _, _, err = run(capsys, "--db", seeded_url, "case", "dominion")
    assert one_line_error(err) == (
        "casetrack: no case 'dominion'; did you mean one of 'dominion-v-fox', 'dominion-v-giuliani', "
        "'dominion-v-lindell' (and 1 more)?"
    )


def test_quotes_by_speaker(capsys, seeded_url: str) -> None:
    code, out, _ = run(capsys, "--db", seeded_url, "quotes", "--speaker", "rudolph-giuliani", "--json")
    quotes = json.loads(out)
    assert code == 0 and quotes
    assert {q["speaker"] for q in quotes} == {"rudolph-giuliani"}
    assert all(q["source"]["source"] and q["source"]["locator"] for q in quotes)


def test_person_shows_roles_across_cases(capsys, seeded_url: str) -> None:
    _code, out, _ = run(capsys, "--db", seeded_url, "person", "rudolph-giuliani", "--json")
    data = json.loads(out)
    roles = {(r["case"], r["role"]) for r in data["roles"]}
    assert ("dominion-v-giuliani", "defendant") in roles
    assert ("matter-of-giuliani", "respondent") in roles
    assert len({r["case"] for r in data["roles"]}) >= 3


def test_search_finds_the_sanctions_quote(capsys, seeded_url: str) -> None:
    code, out, _ = run(capsys, "--db", seeded_url, "search", "never about fraud", "--json")
    hits = json.loads(out)
    assert code == 0
    assert hits[0]["kind"] == "quote" and hits[0]["case"] == "king-v-whitmer-sanctions"
    assert "never about fraud" in hits[0]["title"]


@pytest.mark.parametrize("query", ['"NEAR(', "*", "a -b", "(", ")", '"', "NEAR(a b)", "AND OR", "^x", "col:x", "'"])
def test_search_odd_syntax_never_errors(capsys, seeded_url: str, query: str) -> None:
    code, out, err = run(capsys, "--db", seeded_url, "search", query, "--json")
    hits = json.loads(out)
    assert isinstance(hits, list)
    # As grep: 0 when something matched, 1 when nothing did (documented in `search --help`).
    assert code == (0 if hits else 1), err
    assert "Traceback" not in err


def test_search_near_bracket_is_empty(capsys, seeded_url: str) -> None:
    code, out, err = run(capsys, "--db", seeded_url, "search", '"NEAR(', "--json")
    assert code == 1 and json.loads(out) == []
    code, out, err = run(capsys, "--db", seeded_url, "search", "zzyzx")
    assert (code, out) == (1, "")
    assert one_line_error(err) == "no matches"


def test_search_giuliani_finds_the_man_then_his_own_words(capsys, seeded_url: str) -> None:
    code, out, err = run(capsys, "--db", seeded_url, "search", "Giuliani", "--json")
    assert code == 0, err
    hits = json.loads(out)
    assert (hits[0]["kind"], hits[0]["slug"], hits[0]["match"]) == ("party", "rudolph-giuliani", "name")
    his = [h for h in hits if h["match"] == "speaker"]
    assert {h["slug"] for h in his} >= {"giuliani-wanted-trump-to-lose", "giuliani-active-supervisors"}
    assert all(h["speaker"] == "Rudolph W. Giuliani" and h["speaker_slug"] == "rudolph-giuliani" for h in his)
    assert hits[1 : 1 + len(his)] == his, "his quotes come right after him"
    # His lawyer's words name Giuliani but are the lawyer's: found by text, credited to counsel.
    sibley = next(h for h in hits if h["slug"] == "giuliani-answer-substantially-true")
    assert sibley["match"] == "text"
    assert sibley["speaker"] == "Joseph D. Sibley, counsel for Rudolph W. Giuliani"
    assert sibley["date"]["display"] == "25 Aug 2021"
    # Every quote hit says who said it; cases whose name matches come before other matches.
    assert all(h["speaker"] for h in hits if h["kind"] == "quote")
    kinds_by_match = [(h["match"], h["kind"]) for h in hits]
    assert kinds_by_match.index(("name", "case")) < kinds_by_match.index(("text", "filing"))


def test_search_filters_by_speaker_kind_and_case(capsys, seeded_url: str) -> None:
    code, out, err = run(capsys, "--db", seeded_url, "search", "Trump", "--speaker", "rudolph-giuliani", "--json")
    assert code == 0, err
    hits = json.loads(out)
    assert hits and {(h["kind"], h["speaker_slug"]) for h in hits} == {("quote", "rudolph-giuliani")}
    code, out, err = run(capsys, "--db", seeded_url, "search", "Giuliani", "--kind", "case", "--json")
    assert code == 0 and {h["kind"] for h in json.loads(out)} == {"case"}
    code, out, err = run(capsys, "--db", seeded_url, "search", "motion", "--case", "dominion-v-giuliani", "--json")
    hits = json.loads(out)
    assert code == 0 and hits
    _, case_out, _ = run(capsys, "--db", seeded_url, "case", "dominion-v-giuliani", "--json")
    detail = json.loads(case_out)
    in_case = {e["slug"] for e in detail["timeline"]} | {q["slug"] for q in detail["quotes"]} | {"dominion-v-giuliani"}
    assert {h["slug"] for h in hits if h["kind"] != "party"} <= in_case  # shared records keep their home case
    code, out, err = run(capsys, "--db", seeded_url, "search", "opinion", "--case", "dominion-v-lindell", "--json")
    assert "nichols-opinion-powell" in {h["slug"] for h in json.loads(out)}, "a shared ruling is in each case"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--kind", "verdict"], 2, "unknown kind 'verdict'; choose from quote, filing, ruling, case, party"),
        (["--speaker", "giulani"], 1, "did you mean 'rudolph-giuliani'?"),
        (["--case", "dominion-v-giulani"], 1, "did you mean 'dominion-v-giuliani'?"),
    ],
)
def test_search_bad_filters_are_one_line(capsys, seeded_url: str, args: list[str], code: int, message: str) -> None:
    got, out, err = run(capsys, "--db", seeded_url, "search", "Trump", *args)
    assert (got, out) == (code, "")
    assert message in one_line_error(err)


def test_export_writes_every_table_with_dates_at_precision(capsys, seeded_url: str) -> None:
    code, out, _ = run(capsys, "--db", seeded_url, "export")
    data = json.loads(out)["tables"]
    assert code == 0
    assert {"legal_case", "quote", "citation", "case_status"} <= set(data)
    fox = next(c for c in data["legal_case"] if c["slug"] == "dominion-v-fox")
    assert fox["date_terminated"] == {
        "date": "2023-04-18", "precision": "day", "approximate": False, "text": None, "end": None, "bound": None,
        "display": "18 Apr 2023",
    }  # fmt: skip
    assert fox["court_slug"] == "delaware-superior-court"
    quote = data["quote"][0]
    assert quote["speaker_actor_slug"] and quote["source_slug"]


DATE_KEYS = {"date", "precision", "approximate", "text", "end", "bound", "display"}
ISO_LIKE = re.compile(r"\d{4}(-\d\d){0,2}([T ][\d:.]+.*)?")


def _dates_and_moments(value: object, key: str = "") -> Iterator[tuple[str, object]]:
    """Every date object and every ISO-looking string in a JSON document, with its key."""
    if isinstance(value, dict):
        if "precision" in value:
            yield key, value
            return
        for k, v in value.items():
            if k not in ("old", "new"):  # changes: stored column values, as text
                yield from _dates_and_moments(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _dates_and_moments(v, key)
    elif isinstance(value, str) and ISO_LIKE.fullmatch(value):
        yield key, value


def test_every_json_output_gives_dates_and_moments_one_shape(capsys, seeded_url: str) -> None:
    # A script reads a date the same way from every command: one object; a moment: UTC to the second.
    assert run(capsys, "--db", seeded_url, "follow", "dominion-v-powell")[0] == 0
    commands = [
        ["cases"], ["case", "coomer-v-trump-campaign"], ["quotes"], ["person", "rudolph-giuliani"],
        ["search", "Giuliani"], ["timeline"], ["changes"], ["loads"], ["following"], ["source", "nyt-coomer-memo:p34"],
        ["entry", "filing", "coomer-motion-sept-2021"],
    ]  # fmt: skip
    shapes: dict[str, set[str]] = {"date": set(), "moment": set()}
    for args in [[*c, "--json"] for c in commands] + [["export"]]:
        code, out, err = run(capsys, "--db", seeded_url, *args)
        assert code == 0, (args, err)
        for key, found in _dates_and_moments(json.loads(out)):
            if isinstance(found, dict):
                assert set(found) == DATE_KEYS, (args, key, found)
                assert re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", str(found["date"])), (args, key, found)
                assert len(str(found["date"])) == {"year": 4, "month": 7, "day": 10}[str(found["precision"])]
                shapes["date"].add(args[0])
            else:
                assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", str(found)), (args, key, found)
                shapes["moment"].add(args[0])
    assert {"cases", "case", "quotes", "timeline", "export", "source", "entry"} <= shapes["date"]
    assert {"changes", "loads", "following", "entry"} <= shapes["moment"]


def test_read_only_engine_can_read_but_not_write(seeded: Engine, db_url: str, tmp_path: Path) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("read-only mode is a SQLite file mode; PostgreSQL uses roles")
    engine = db.make_engine(db_url, read_only=True)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM legal_case")).scalar_one() > 0
        with pytest.raises(Exception, match="readonly"):
            conn.execute(text("DELETE FROM quote"))
    engine.dispose()


def test_a_party_is_found_by_its_name_as_the_tui_shows_it(capsys, seeded_url: str) -> None:
    code, out, err = run(capsys, "--db", seeded_url, "person", "giuliani", "--json")
    assert code == 0, err
    assert json.loads(out)["slug"] == "rudolph-giuliani"
    code, out, err = run(capsys, "--db", seeded_url, "person", "Sidney Powell", "--json")
    assert code == 0 and json.loads(out)["slug"] == "sidney-powell"
    code, out, err = run(capsys, "--db", seeded_url, "quotes", "--speaker", "Giuliani", "--json")
    assert code == 0 and {q["speaker"] for q in json.loads(out)} == {"rudolph-giuliani"}


def test_cases_sort_by_column_header_and_reverse(capsys, seeded_url: str) -> None:
    code, out, err = run(capsys, "--db", seeded_url, "cases", "--sort", "latest", "--reverse", "--json")
    assert code == 0, err
    latest = [c["latest_activity"]["date"] for c in json.loads(out) if c["latest_activity"]]
    assert latest == sorted(latest, reverse=True) and len(latest) > 5
    code, out, _ = run(capsys, "--db", seeded_url, "cases", "--sort", "as-of", "--json")
    as_of = [c["status_as_of"]["date"] for c in json.loads(out) if c["status_as_of"]]
    assert code == 0 and as_of == sorted(as_of)
    code, out, err = run(capsys, "--db", seeded_url, "cases", "--sort", "newest")
    assert code == 2 and "choose from case, kind, court, status, as-of, latest, filings, quotes" in err


def test_undated_reads_undated(capsys, seeded_url: str) -> None:
    code, out, _ = run(capsys, "--db", seeded_url, "quotes", "--speaker", "the-epoch-times", "--csv")
    dates = [r["date"] for r in csv.DictReader(io.StringIO(out))]
    assert code == 0 and "undated" in dates and "" not in dates


def test_tables_line_up_wide_characters_and_fit_a_terminal(capsys, monkeypatch) -> None:
    from rich.cells import cell_len

    from casetrack import output

    rows = [["漢字の名前", "2021", "short"], ["Ｆｕｌｌ", "c. Sep 2021", "x" * 200]]
    output.echo_table(["name", "date", "text"], rows)
    lines = capsys.readouterr().out.splitlines()
    # Piped: the date column starts at the same cell on every line, and long text stops at 60.
    starts = {cell_len(line[: line.index(d)]) for line, d in zip(lines[2:], ["2021", "c. Sep"], strict=True)}
    assert len(starts) == 1
    assert max(cell_len(line) for line in lines) <= cell_len(lines[2][: lines[2].index("2021")]) + 13 + 60

    monkeypatch.setattr(output.sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=(0, 0): os.terminal_size((50, 24)))
    output.echo_table(["name", "date", "text"], rows)
    lines = capsys.readouterr().out.splitlines()
    assert max(cell_len(line) for line in lines) <= 50
    assert "c. Sep 2021" in lines[3], "short columns stay whole; the widest gives way"
    assert lines[3].endswith("…")


def test_search_finds_events(capsys, seeded_url: str) -> None:
    code, out, err = run(capsys, "--db", seeded_url, "search", "Oval Office", "--kind", "event", "--json")
    assert code == 0, err
    hits = json.loads(out)
    assert [h["slug"] for h in hits] == ["oval-office-special-counsel-meeting"]
    assert hits[0]["case"] is None, "the meeting bears on no single suit"
    assert hits[0]["date"]["display"] == "18 Dec 2020"


# --- start-up: the hot commands parse their options without pydantic --------------------


@pytest.mark.parametrize(
    "args",
    [
        ["cases", "--kind", "defamation", "--sort", "latest", "-r", "--name", "v", "--json"],
        ["cases", "--csv"],
        ["db", "current"],
    ],
)
def test_text_options_and_flags_parse_without_pydantic(tmp_path: Path, args: list[str]) -> None:
    """Typer would build a pydantic TypeAdapter for every option (0.1 s of a cold start);
    casetrack.cli keeps text options and flags as they are. The output is the command's own."""
    import subprocess
    import sys

    path = tmp_path / "s.db"
    assert run_main(["--db", str(path), "db", "upgrade"]) == 0
    code = (
        "import sys\n"
        "from casetrack.cli import main\n"
        "try:\n"
        f"    main({['--db', str(path), *args]!r})\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "sys.stderr.write('pydantic imported' if 'pydantic' in sys.modules else 'no pydantic')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("no pydantic"), done.stderr


def run_main(args: list[str]) -> int:
    try:
        main(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_typed_options_still_go_through_typers_coercion(capsys) -> None:
    """An option that is not text or a flag (an int with a minimum) still gets Typer's checks
    and its error."""
    code, _, err = run(capsys, "feed", "--limit", "0")
    assert code == 2 and "Invalid value for '--limit': Input should be greater than or equal to 1" in err
    code, _, err = run(capsys, "feed", "--limit", "many")
    assert code == 2 and "Invalid value for '--limit': Input should be a valid integer" in err


# --- the entry point: the TUI starts without the argument parser -------------------------


def _launch(args: list[str], tmp_path: Path) -> Any:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from casetrack import launch\n"
        "try:\n"
        f"    launch.main({args!r})\n"
        "finally:\n"
        "    print('typer imported' if 'typer' in sys.modules else 'no typer')\n"
    )
    env = {**os.environ, "HOME": str(tmp_path)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env)


def test_the_tui_path_says_its_errors_in_one_line_without_the_argument_parser(tmp_path: Path) -> None:
    done = _launch(["--db", str(tmp_path / "missing.db")], tmp_path)
    assert done.returncode == 1
    assert one_line_error(done.stderr) == (
        f"casetrack: no database at {tmp_path / 'missing.db'}; create it with: casetrack --db PATH db upgrade"
    )
    assert done.stdout.strip() == "no typer"


@pytest.mark.parametrize(
    ("args", "code", "error"),
    [
        (["--db"], 2, "Option '--db' requires an argument."),
        (["--db", "--version"], 1, "no database at"),  # as Click reads it: a file named --version
        (["--version"], 0, None),
        (["--db", "x.db", "nonsense"], 2, "No such command 'nonsense'."),
    ],
)
def test_anything_else_goes_to_the_argument_parser(tmp_path: Path, args: list[str], code: int, error: str) -> None:
    done = _launch(args, tmp_path)
    assert done.returncode == code, done.stderr
    assert done.stdout.strip().endswith("typer imported")
    if error is not None:
        assert error in done.stderr


def test_the_tui_path_turns_the_garbage_collector_back_on_when_it_fails_early(tmp_path: Path) -> None:
    """run_tui turns the collector off until the first screen mounts; an error before then
    (no such database) leaves it on again, for whoever called it."""
    import gc

    from casetrack import launch
    from casetrack.errors import CasetrackError

    assert gc.isenabled()
    with pytest.raises(CasetrackError, match="no database at"):
        launch.run_tui(str(tmp_path / "missing.db"))
    assert gc.isenabled()
