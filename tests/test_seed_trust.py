"""Seed files a maintainer can trust (issue 12): each bad input gives its message, one line per
problem, a non-zero exit, and leaves the database byte for byte as it was."""

from __future__ import annotations

import hashlib
import resource
import time
from pathlib import Path

import pytest

from casetrack.seed.compile import SeedErrors, compile_seed
from tests.conftest import SEED
from tests.test_cli import run

BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9 if prev else ['lol'] * 9)}]\n"
    for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)


def fingerprint(database: Path) -> dict[str, str]:
    """The bytes of the database and any journal beside it."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(database.parent.iterdir())
        if p.name.startswith(database.name)
    }


@pytest.fixture
def loaded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A SQLite database file with the bundled seed loaded."""
    database = tmp_path / "db" / "casetrack.db"
    database.parent.mkdir()
    code, _, err = run(capsys, "--db", str(database), "db", "upgrade")
    assert code == 0, err
    code, _, err = run(capsys, "--db", str(database), "seed", "load", str(SEED), "--quiet")
    assert code == 0, err
    return database


def refused(capsys: pytest.CaptureFixture[str], database: Path, seed: Path, *args: str) -> list[str]:
    """Run `seed load` on a bad seed: the problems it reports, after checking nothing was written."""
    before = fingerprint(database)
    code, out, err = run(capsys, "--db", str(database), "seed", "load", str(seed), *args)
    assert code == 1, (out, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines[-1].endswith("problem(s); nothing was written"), err
    assert fingerprint(database) == before
    return lines[:-1]


def edit(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {path}"
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# --- limits ----------------------------------------------------------------------------


def test_an_alias_bomb_is_refused_at_once_in_little_memory(tmp_path: Path) -> None:
    assert len(BOMB) < 400
    (tmp_path / "cases").mkdir()
    for name in ("sources.yaml", "courts.yaml", "parties.yaml"):
        (tmp_path / name).write_text("[]\n", encoding="utf-8")
    (tmp_path / "cases" / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with pytest.raises(SeedErrors) as info:
        compile_seed(tmp_path)
    elapsed = time.perf_counter() - start
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert [str(i) for i in info.value.issues] == [
        f"{tmp_path / 'cases' / 'bomb.yaml'}:1:4: YAML anchors (&a) are not allowed in seed files; write the value out"
    ]
    assert elapsed < 1.0
    assert grown_kb < 100 * 1024


def test_the_alias_bomb_through_the_cli(capsys, loaded: Path, seed_copy: Path) -> None:
    (seed_copy / "cases" / "dominion-v-fox.yaml").write_text(BOMB, encoding="utf-8")
    assert refused(capsys, loaded, seed_copy) == [
        f"{seed_copy / 'cases' / 'dominion-v-fox.yaml'}:1:4: "
        "YAML anchors (&a) are not allowed in seed files; write the value out"
    ]


def test_a_merge_key_is_refused(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "courts.yaml"
    edit(path, "- slug: dc-district-court\n", "- slug: dc-district-court\n  <<: {location: x}\n")
    line = line_of(path, "<<:")
    [problem] = refused(capsys, loaded, seed_copy)
    assert problem.endswith(f"courts.yaml:{line}:3: merge keys (<<) are not supported in seed files")


def test_a_huge_value_is_refused(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "cases" / "dominion-v-fox.yaml"
    content = path.read_text(encoding="utf-8")
    path.write_text(content.replace("summary:", f"summary: {'x' * 50_000}\nold_summary:", 1), encoding="utf-8")
    [problem] = refused(capsys, loaded, seed_copy)
    assert "a value of 50,000 characters; the limit is 20,000" in problem


def test_a_huge_file_is_refused_without_reading_it_all(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "cases" / "dominion-v-fox.yaml"
    with path.open("ab") as handle:
        handle.write(b"# " + b"x" * (9 * 1024 * 1024) + b"\n")
    [problem] = refused(capsys, loaded, seed_copy)
    assert problem.endswith("dominion-v-fox.yaml: the file is larger than 8 MB, the limit for a seed file")


def test_deep_nesting_is_refused(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "cases" / "dominion-v-fox.yaml"
    edit(path, "summary:", "deep: " + "[" * 40 + "]" * 40 + "\nsummary:")
    [problem] = refused(capsys, loaded, seed_copy)
    assert "nested more than 32 levels deep" in problem


def test_latin1_file_is_one_error_at_the_bad_byte(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "parties.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[6] = lines[6].rstrip("\n") + "  # Café\n"
    path.write_bytes("".join(lines).encode("utf-8").replace("Café".encode(), "Café".encode("latin-1")))
    column = len(lines[6].rstrip("\n"))
    problems = refused(capsys, loaded, seed_copy)
    assert problems == [f"{path}:7:{column}: not UTF-8 text: byte 0xE9 cannot be read; save the file as UTF-8"]


# --- source texts ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../../../../etc/passwd", "/etc/passwd", "../sources.yaml", "..\\x.txt"])
def test_source_file_outside_texts_is_refused(capsys, loaded: Path, seed_copy: Path, name: str) -> None:
    path = seed_copy / "sources.yaml"
    edit(path, "file: background-facts.md", f"file: '{name}'")
    line = line_of(path, f"file: '{name}'")
    [problem] = refused(capsys, loaded, seed_copy)
    assert f"sources.yaml:{line}:9: [4].file: {name!r} is not a file name inside" in problem


def test_source_text_symlink_out_of_texts_is_refused(capsys, loaded: Path, seed_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_bytes((seed_copy / "texts" / "background-facts.md").read_bytes())
    link = seed_copy / "texts" / "linked.md"
    link.symlink_to(outside)
    edit(seed_copy / "sources.yaml", "file: background-facts.md", "file: linked.md")
    [problem] = refused(capsys, loaded, seed_copy)
    assert "[4].file: 'linked.md' is a symlink that leads out of" in problem


def test_case_file_symlink_out_of_the_seed_is_refused(capsys, loaded: Path, seed_copy: Path, tmp_path: Path) -> None:
    case = seed_copy / "cases" / "dominion-v-fox.yaml"
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes(case.read_bytes())
    case.unlink()
    case.symlink_to(outside)
    [problem] = refused(capsys, loaded, seed_copy)
    assert problem.endswith("dominion-v-fox.yaml: a symlink that leads out of the seed folder")


def test_a_symlink_inside_the_seed_is_fine(seed_copy: Path) -> None:
    texts = seed_copy / "texts"
    (texts / "facts-link.md").symlink_to(texts / "background-facts.md")
    edit(seed_copy / "sources.yaml", "file: background-facts.md", "file: facts-link.md")
    assert compile_seed(seed_copy).counts()["source"] == 5


def test_lines_past_the_end_of_the_text_are_an_error(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "sources.yaml"
    edit(path, "lines: [111, 270]", "lines: [111, 999]")
    line = line_of(path, "lines: [111, 999]")
    [problem] = refused(capsys, loaded, seed_copy)
    assert problem.endswith(
        f"sources.yaml:{line}:10: [3].lines: lines [111, 999] go past the end of 000_68a5e8105277c2f9.txt (270 lines)"
    )


def test_a_source_text_that_is_not_utf8_is_reported_at_the_source(capsys, loaded: Path, seed_copy: Path) -> None:
    facts = seed_copy / "texts" / "background-facts.md"
    facts.write_bytes(facts.read_bytes().replace(b"\n", b"\n\xff", 1))
    problems = refused(capsys, loaded, seed_copy)
    assert any("[4].file: background-facts.md:2:1: not UTF-8 text" in p for p in problems), problems


# --- errors name their cause first -----------------------------------------------------


def test_a_court_that_fails_is_not_also_unknown_in_the_cases(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "courts.yaml"
    edit(path, "  sources: [background:B07, nyt-coomer-memo:p32]\n", "")
    line = line_of(path, "- slug: dc-district-court")
    assert refused(capsys, loaded, seed_copy) == [f"{path}:{line}:3: [1]: missing required field 'sources'"]


def test_a_latin1_parties_file_gives_no_unknown_party_errors(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "parties.yaml"
    path.write_bytes(path.read_bytes().replace(b"Rudolph W. Giuliani", "Rudolph W. Giuliani é".encode("latin-1")))
    problems = refused(capsys, loaded, seed_copy)
    assert len(problems) == 1, problems
    assert "parties.yaml:" in problems[0] and "not UTF-8 text: byte 0xE9" in problems[0]


def test_a_bad_date_does_not_hide_the_other_errors_of_its_file(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "cases" / "dominion-v-fox.yaml"
    edit(path, "date_filed: 2021-03-26\ndate_terminated", "date_filed: 2021-13-45\ndate_terminated")
    edit(path, "    date_filed: 2021-03-26\n    description", "    date_filed: 2021-02-30\n    description")
    edit(path, "court: delaware-superior-court", "court: delaware-superior-cort")
    edit(path, "kind: complaint", "kind: complaint\n    titel: x")
    problems = refused(capsys, loaded, seed_copy)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "court: unknown court 'delaware-superior-cort'; did you mean 'delaware-superior-court'?",
        f"date_filed: {problems[1].split('date_filed: ', 1)[1]}",
        "filings[0].titel: unknown key 'titel'; did you mean 'title'?",
        f"filings[0].date_filed: {problems[3].split('date_filed: ', 1)[1]}",
    ]
    assert "not a date" in problems[1] and "not a date" in problems[3]
    assert problems[0].startswith(f"{path}:{line_of(path, 'delaware-superior-cort')}:8: ")


def test_positions_after_a_dropped_record_are_those_of_the_file(seed_copy: Path) -> None:
    path = seed_copy / "cases" / "coomer-v-trump-campaign.yaml"
    edit(path, "    date_filed: 2020-12-22", "    date_filed: 2020-12-32")
    edit(path, "    author: zach-parkinson", "    author: zach-parkinsen")
    with pytest.raises(SeedErrors) as info:
        compile_seed(seed_copy)
    problems = [str(i).split(": ", 1)[1] for i in info.value.issues]
    assert [(i.line, i.field) for i in info.value.issues] == [
        (line_of(path, "date_filed: 2020-12-32"), "filings[0].date_filed"),
        (line_of(path, "zach-parkinsen"), "filings[4].author"),
    ], problems
    assert problems[1] == "filings[4].author: unknown party 'zach-parkinsen'; did you mean 'zach-parkinson'?"


def test_a_reversed_range_has_its_own_message(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "cases" / "coomer-v-trump-campaign.yaml"
    edit(path, "  - nyt-coomer-memo:p28-p30", "  - nyt-coomer-memo:p30-p28")
    [problem] = refused(capsys, loaded, seed_copy)
    assert problem.endswith("the range 'p30-p28' ends before it starts (write p28-p30)")


def test_terminated_before_filed_is_an_error(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "cases" / "dominion-v-fox.yaml"
    edit(path, "date_terminated: 2023-04-18", "date_terminated: 2021-02")
    [problem] = refused(capsys, loaded, seed_copy)
    assert problem == (
        f"{path}:{line_of(path, 'date_terminated:')}:18: date_terminated: "
        "the case was terminated (Feb 2021) before it was filed (26 Mar 2021)"
    )


def test_terminated_in_the_month_it_was_filed_is_fine(seed_copy: Path) -> None:
    edit(seed_copy / "cases" / "dominion-v-fox.yaml", "date_terminated: 2023-04-18", "date_terminated: 2021-03")
    assert compile_seed(seed_copy).rows["legal_case"]["dominion-v-fox"]["date_terminated_precision"] == "month"


def test_a_bad_vocabulary_value_is_echoed_with_a_suggestion(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "cases" / "dominion-v-fox.yaml"
    edit(path, "kind: complaint", "kind: complant")
    [problem] = refused(capsys, loaded, seed_copy)
    assert "filings[0].kind: 'complant' is not one of " in problem
    assert problem.endswith("; did you mean 'complaint'?")


# --- prune safely ----------------------------------------------------------------------


def _emptied(seed_copy: Path) -> Path:
    """A seed folder emptied by accident: the shared files are there, but no records."""
    for name in ("sources.yaml", "courts.yaml", "parties.yaml", "events.yaml", "quotes.yaml"):
        (seed_copy / name).write_text("[]\n", encoding="utf-8")
    for case in (seed_copy / "cases").iterdir():
        case.unlink()
    return seed_copy


def test_prune_of_most_records_is_refused_without_yes(capsys, loaded: Path, seed_copy: Path) -> None:
    before = fingerprint(loaded)
    code, out, err = run(capsys, "--db", str(loaded), "seed", "load", str(_emptied(seed_copy)), "--prune")
    assert code == 1 and out == ""
    assert err.strip() == (
        "casetrack: --prune would delete 683 of the 683 records, more than a tenth; nothing was written "
        "(check the seed folder, or add --yes to delete them)"
    )
    assert fingerprint(loaded) == before


def test_prune_with_yes_deletes(capsys, loaded: Path, seed_copy: Path) -> None:
    code, out, err = run(capsys, "--db", str(loaded), "seed", "load", str(_emptied(seed_copy)), "--prune", "--yes")
    assert code == 0, err
    assert out.strip().splitlines()[-1] == "0 added, 0 changed, 0 unchanged, 683 deleted"


def test_prune_of_a_few_records_needs_no_yes(capsys, loaded: Path, seed_copy: Path) -> None:
    (seed_copy / "cases" / "dominion-v-fox.yaml").unlink()
    code, out, err = run(capsys, "--db", str(loaded), "seed", "load", str(seed_copy), "--prune", "--quiet")
    assert code == 0, err
    removed = int(out.split(", ")[-1].split()[0])
    assert 0 < removed <= 68 and out.strip().endswith(f"{removed} deleted")


@pytest.mark.parametrize(("answer", "code"), [("n\n", 1), ("\n", 1), ("y\n", 0)])
def test_prune_asks_on_a_terminal(
    capsys, monkeypatch: pytest.MonkeyPatch, loaded: Path, seed_copy: Path, answer: str, code: int
) -> None:
    import io

    from casetrack import cli

    (seed_copy / "cases" / "dominion-v-fox.yaml").unlink()
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    before = fingerprint(loaded)
    got, out, err = run(capsys, "--db", str(loaded), "seed", "load", str(seed_copy), "--prune", "--quiet")
    assert got == code, err
    assert "to delete:  legal_case dominion-v-fox" in err
    assert "Delete these " in err and " of the 683 records? [y/N]" in err
    if code:
        assert err.strip().endswith("casetrack: --prune: nothing was deleted or written")
        assert fingerprint(loaded) == before
    else:
        assert out.strip().endswith("deleted")


# --- machine-readable output -----------------------------------------------------------


def test_validate_json_gives_the_errors_on_stdout(capsys, seed_copy: Path) -> None:
    import json

    path = seed_copy / "cases" / "dominion-v-fox.yaml"
    edit(path, "nature_of_suit:", "nature_of_suite:")
    code, out, err = run(capsys, "seed", "validate", str(seed_copy), "--json")
    assert code == 1
    assert json.loads(out) == {
        "ok": False,
        "errors": [
            {
                "file": str(path),
                "line": line_of(path, "nature_of_suite:"),
                "column": 1,
                "field": "nature_of_suite",
                "message": "unknown key 'nature_of_suite'; did you mean 'nature_of_suit'?",
            }
        ],
    }
    assert err.strip() == "seed: 1 problem(s); nothing was written"


def test_load_json_gives_errors_on_stdout_and_writes_nothing(capsys, loaded: Path, seed_copy: Path) -> None:
    import json

    edit(seed_copy / "cases" / "dominion-v-fox.yaml", "kind: defamation", "kind: defamaton")
    before = fingerprint(loaded)
    code, out, _ = run(capsys, "--db", str(loaded), "seed", "load", str(seed_copy), "--json")
    assert code == 1
    [error] = json.loads(out)["errors"]
    assert error["message"] == (
        "'defamaton' is not one of defamation, sanctions, disciplinary, election_challenge, criminal, "
        "threatened, group, considered; did you mean 'defamation'?"
    )
    assert fingerprint(loaded) == before


def test_load_json_refused_prune_is_json_too(capsys, loaded: Path, seed_copy: Path) -> None:
    import json

    code, out, err = run(capsys, "--db", str(loaded), "seed", "load", str(_emptied(seed_copy)), "--prune", "--json")
    assert code == 1
    assert json.loads(out) == {"ok": False, "errors": [{"message": err.strip().removeprefix("casetrack: ")}]}
    assert "more than a tenth" in err


def test_load_json_gives_old_and_new_value_of_each_changed_field(capsys, loaded: Path, seed_copy: Path) -> None:
    import json

    path = seed_copy / "cases" / "dominion-v-fox.yaml"
    edit(path, "short_name: Dominion v. Fox", "short_name: Dominion v. Fox News")
    edit(path, "date_terminated: 2023-04-18", "date_terminated: 2023-04")
    code, out, err = run(capsys, "--db", str(loaded), "seed", "load", str(seed_copy), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["ok"] is True and report["added"] == {} and report["removed"] == {}
    assert report["changed"] == {
        "legal_case": [
            {
                "slug": "dominion-v-fox",
                "fields": ["short_name", "date_terminated", "date_terminated_precision"],
                "values": {
                    "short_name": {"old": "Dominion v. Fox", "new": "Dominion v. Fox News"},
                    "date_terminated": {"old": "2023-04-18", "new": "2023-04-01"},
                    "date_terminated_precision": {"old": "day", "new": "month"},
                },
            }
        ]
    }


# --- editor and tool support -----------------------------------------------------------


def test_the_pre_commit_hook_runs_seed_validate_on_the_seed_folder(capsys, seed_copy: Path) -> None:
    import re
    import shlex

    import yaml

    from tests.conftest import ROOT

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "casetrack-seed-validate" and hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "seed/cases/dominion-v-fox.yaml") and re.search(hook["files"], "texts/a.txt")
    program, *args = shlex.split(hook["entry"])
    assert program == "casetrack"
    assert run(capsys, *args, str(SEED))[0] == 0
    edit(seed_copy / "cases" / "dominion-v-fox.yaml", "kind: defamation", "kind: libel")
    code, _, err = run(capsys, *args, str(seed_copy))
    assert code == 1 and "'libel' is not one of" in err
    assert hook["args"] == ["seed"]


# --- quote mismatch --------------------------------------------------------------------


def test_a_quote_mismatch_marks_the_characters_that_differ(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "cases" / "king-v-whitmer-sanctions.yaml"
    edit(path, "the people’s faith", "the people's faith")
    [problem] = refused(capsys, loaded, seed_copy)
    assert problem == (
        f"{path}:{line_of(path, 'people')}:9: quotes[0].text[1]: text does not appear verbatim in "
        "nyt-coomer-memo:p34; closest in p34, differences marked [quote→source]: “It was about undermining "
        "the people['→’]s faith in our democracy and debasing the judicial process to do so.”; "
        "the source has ’ (U+2019) where the quote has ' (U+0027)"
    )


def test_a_quote_cited_at_the_wrong_paragraph_names_the_right_one(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "cases" / "king-v-whitmer-sanctions.yaml"
    edit(path, "source: nyt-coomer-memo:p34", "source: nyt-coomer-memo:p33")
    problems = refused(capsys, loaded, seed_copy)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "quotes[0].text[0]: text does not appear verbatim in nyt-coomer-memo:p33; it is in p34",
        "quotes[0].text[1]: text does not appear verbatim in nyt-coomer-memo:p33; it is in p34",
    ]


def test_a_quote_with_nothing_like_it_says_so(seed_copy: Path) -> None:
    edit(seed_copy / "cases" / "king-v-whitmer-sanctions.yaml", "This case was never about fraud,", "Zebras quack.")
    with pytest.raises(SeedErrors) as info:
        compile_seed(seed_copy)
    [issue] = info.value.issues
    assert issue.message == "text does not appear verbatim in nyt-coomer-memo:p34; nothing like it in p34"


# --- cross-checks ----------------------------------------------------------------------


def test_counsel_for_someone_not_in_the_case_is_an_error(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "cases" / "dominion-v-giuliani.yaml"
    edit(path, "    for: rudolph-giuliani", "    for: sidney-powell")
    [problem] = refused(capsys, loaded, seed_copy)
    assert problem == (
        f"{path}:{line_of(path, 'for: sidney-powell')}:10: parties[2].for: 'sidney-powell' is not a party "
        "of this case; counsel acts for one of its parties"
    )


def test_a_date_later_than_today_is_an_error_unless_scheduled(capsys, loaded: Path, seed_copy: Path) -> None:
    path = seed_copy / "cases" / "dominion-v-fox.yaml"
    edit(path, "    date: 2023-04-18", "    date: 2099-04-18")
    [problem] = refused(capsys, loaded, seed_copy)
    assert problem == (
        f"{path}:{line_of(path, '2099-04-18')}:11: events[0].date: 18 Apr 2099 is later than today; "
        "a date still to come is written {on: 2099-04-18, scheduled: true}"
    )
    edit(path, "    date: 2099-04-18", "    date: {on: 2099-04-18, scheduled: true}")
    assert compile_seed(seed_copy).rows["event"]["dominion-fox-settlement"]["date"].isoformat() == "2099-04-18"
