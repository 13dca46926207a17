"""Maintainer commands (issue 12): casetrack vocab, casetrack source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casetrack import vocab
from casetrack.cli import main
from tests.conftest import SEED


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0) if not isinstance(exc.code, str) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_vocab_lists_every_vocabulary_with_its_labels(capsys) -> None:
    code, out, _ = run(capsys, "vocab")
    assert code == 0
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert headings == list(vocab.ALL_VOCABULARIES)
    assert "  election_challenge  election challenge" in out.splitlines()


def test_vocab_of_one_and_as_json(capsys) -> None:
    code, out, _ = run(capsys, "vocab", "citation.confidence")
    assert (code, out) == (0, "citation.confidence\n  high    high\n  medium  medium\n")
    code, out, _ = run(capsys, "vocab", "case_role.role", "--json")
    roles = json.loads(out)["case_role.role"]
    assert {"value": "sanctioned_attorney", "label": "sanctioned attorney"} in roles
    assert [r["value"] for r in roles] == [r.value for r in vocab.Role]


def test_vocab_unknown_name_is_one_line_with_a_suggestion(capsys) -> None:
    code, out, err = run(capsys, "vocab", "filing.knd")
    assert (code, out, err) == (1, "", "casetrack: no vocabulary 'filing.knd'; did you mean 'filing.kind'?\n")


def _paragraphs() -> list[str]:
    lines = (SEED / "texts" / "000_68a5e8105277c2f9.txt").read_text(encoding="utf-8").splitlines()[:80]
    return [" ".join(line.split()) for line in lines if line.strip()]


def test_source_prints_the_paragraph_with_its_neighbours(capsys) -> None:
    paras = _paragraphs()
    code, out, err = run(capsys, "source", "nyt-coomer-memo:p34")
    assert code == 0, err
    assert out.splitlines() == [
        "nyt-coomer-memo: Trump Campaign Knew Lawyers’ Voting Machine Claims Were Baseless, Memo Shows",
        f"  p33  {paras[32]}",
        f"> p34  {paras[33]}",
        f"  p35  {paras[34]}",
    ]
    assert paras[33].startswith("This case was never about fraud")


def test_source_range_context_and_json(capsys) -> None:
    paras = _paragraphs()
    code, out, _ = run(capsys, "source", "nyt-coomer-memo:p1-p2", "-C", "2", "--json")
    assert code == 0
    assert json.loads(out)["paragraphs"] == [
        {"n": 1, "cited": True, "text": paras[0]},
        {"n": 2, "cited": True, "text": paras[1]},
        {"n": 3, "cited": False, "text": paras[2]},
        {"n": 4, "cited": False, "text": paras[3]},
    ]


def test_source_prints_a_background_fact(capsys) -> None:
    code, out, _ = run(capsys, "source", "background:B07")
    assert code == 0 and out.startswith("background:B07 (high) Dominion's suits in the U.S. District Court")


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("nyt-comer-memo:p3", "no source 'nyt-comer-memo'; did you mean 'nyt-coomer-memo'?"),
        ("nyt-coomer-memo:p300", "nyt-coomer-memo:p300: paragraph 'p300' is outside p1-p40 of this source"),
        ("nyt-coomer-memo:p30-p28", "ends before it starts (write p28-p30)"),
    ],
)
def test_source_errors_are_one_line(capsys, ref: str, message: str) -> None:
    code, out, err = run(capsys, "source", ref)
    assert code == 1 and out == "" and err.count("\n") == 1 and message in err


def test_source_refuses_a_text_outside_the_seed(capsys, seed_copy: Path) -> None:
    path = seed_copy / "sources.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("file: background-facts.md", "file: ../../x"), "utf-8")
    code, out, err = run(capsys, "source", "background:B01", "--seed", str(seed_copy))
    assert code == 1 and out == "" and "is not a file name inside" in err and err.count("\n") == 1
