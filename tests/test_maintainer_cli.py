"""Maintainer commands (issue 12): casetrack vocab, casetrack seed new."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casetrack import vocab
from tests.test_cli import run


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


def test_seed_new_filing_writes_a_stub_that_validate_points_at(capsys, seed_copy: Path) -> None:
    from casetrack.seed.compile import SeedErrors, compile_seed

    before = compile_seed(seed_copy).counts()
    code, out, err = run(
        capsys, "seed", "new", "filing", "fox-answer", "--case", "dominion-v-fox", "--seed", str(seed_copy)
    )
    assert code == 0, err
    path = seed_copy / "cases" / "dominion-v-fox.yaml"
    assert out == f"wrote a filing stub to {path}; fill in its TODOs, then run: casetrack seed validate\n"
    with pytest.raises(SeedErrors) as info:
        compile_seed(seed_copy)
    assert [(i.field, i.message.split(" (")[0]) for i in info.value.issues] == [
        (
            "filings[1].kind",
            "'TODO' is not one of complaint, motion, brief, answer, exhibit, memo, email, letter, notice, other",
        ),
        ("filings[1].filed_by[0].party", "'TODO-party-slug' is not a slug"),
        ("filings[1].date_filed", "not a date: 'TODO'"),
        ("filings[1].sources[0]", "citation 'TODO-source:p1' is not SOURCE:LOCATOR"),
    ]
    text = path.read_text(encoding="utf-8")
    for old, new in [
        ("kind: TODO", "kind: answer"),
        ("title: TODO", "title: Answer of Fox News Network"),
        ("filed_by: TODO-party-slug", "filed_by: fox-news-network"),
        ("date_filed: TODO", "date_filed: 2021"),
        ("[TODO-source:p1]", "[background:B14]"),
    ]:
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    after = compile_seed(seed_copy).counts()
    assert after["filing"] == before["filing"] + 1 and after["filing_filer"] == before["filing_filer"] + 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["filing", "x-filing"], "a filing belongs to a case: give --case CASE_SLUG"),
        (["motion", "x"], "no record kind 'motion' (one of case, party, filing, ruling, quote)"),
        (["party", "Bad Slug"], "'Bad Slug' is not a slug: lower-case letters, digits and hyphens"),
        (["party", "sidney-powell"], "already has a record 'sidney-powell'"),
        (["case", "dominion-v-fox"], "dominion-v-fox.yaml already exists"),
        (["ruling", "r", "--case", "no-such-case"], "no case file"),
    ],
)
def test_seed_new_refuses_in_one_line_and_writes_nothing(
    capsys, seed_copy: Path, args: list[str], message: str
) -> None:
    import hashlib

    def state() -> list[tuple[str, str]]:
        return [
            (str(p), hashlib.sha256(p.read_bytes()).hexdigest()) for p in sorted(seed_copy.rglob("*")) if p.is_file()
        ]

    before = state()
    code, out, err = run(capsys, "seed", "new", *args, "--seed", str(seed_copy))
    assert code == 1 and out == "" and err.count("\n") == 1 and message in err, err
    assert state() == before


def test_seed_new_case_and_party_and_quotes_go_to_their_files(capsys, seed_copy: Path) -> None:
    for args in (["case", "new-v-case"], ["party", "new-person"], ["quote", "loose-one"]):
        assert run(capsys, "seed", "new", *args, "--seed", str(seed_copy))[0] == 0
    case = (seed_copy / "cases" / "new-v-case.yaml").read_text(encoding="utf-8")
    assert case.startswith("# yaml-language-server: $schema=../schema/case.schema.json\nslug: new-v-case\n")
    assert (
        (seed_copy / "parties.yaml")
        .read_text(encoding="utf-8")
        .endswith(
            "- slug: new-person\n  name: TODO the full name\n"
            "  kind: TODO                   # person | organization | group\n"
            "  description: TODO who they are, in a line\n"
            "  sources: [TODO-source:p1]    # SOURCE:LOCATOR, e.g. nyt-coomer-memo:p13\n"
        )
    )
    assert "- slug: loose-one\n" in (seed_copy / "quotes.yaml").read_text(encoding="utf-8")
