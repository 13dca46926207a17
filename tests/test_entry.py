"""The entry detail service (casetrack.entry.get_entry) and `casetrack entry`, on each backend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from casetrack.entry import get_entry
from casetrack.seed.compile import compile_seed
from casetrack.seed.load import load_bundle
from casetrack.services import NotFound
from tests.test_cli import one_line_error, run

FILING = "coomer-motion-sept-2021"
FILING_TITLE = "Coomer’s September 2021 filing with the Trump campaign memo and emails"
EVENT_TITLE = "News conference at the Republican National Committee’s headquarters"


def test_a_filing_in_full(session: Session) -> None:
    e = get_entry(session=session, kind="filing", slug=FILING)
    assert (e.kind, e.subkind, e.date_label) == ("filing", "motion", "Filed")
    assert e.title == "Coomer’s September 2021 filing with the Trump campaign memo and emails"
    assert e.date is not None and e.date.display() == "c. 16 Sep 2021"
    # The whole description, as stored (the timeline shows it in a box of six lines).
    assert e.text is not None and e.text.endswith("were released on Monday evening, 20 Sep 2021.")
    assert e.text.startswith("Described by The New York Times") and len(e.text) > 500
    assert e.court == "District Court, City and County of Denver, Colorado"
    # Unnamed counsel filed it: attributed as the source does, with no person to credit.
    assert [(p.role, p.name, p.party, p.actor) for p in e.people] == [
        ("Filed by", "Counsel for Eric Coomer", None, "counsel/coomer-v-trump-campaign/eric-coomer")
    ]
    assert e.cases == (("coomer-v-trump-campaign", "Coomer v. Trump campaign"),)
    assert {q.slug for q in e.quotes} == {
        "coomer-motion-memo-shows",
        "coomer-motion-continued-to-allow",
        "coomer-motion-lines-blurred",
    }
    assert [r.ref for r in e.sources][-3:] == ["nyt-coomer-memo:p36-p39", "background:B01", "background:B06"]
    assert e.sources[0].display() == "NYT: Trump campaign memo, 21 Sep 2021, ¶4"
    # Its history: added by the first load (its citations came with it and go unsaid).
    assert [c.sentence for c in e.history] == [f"Coomer v. Trump campaign: filing “{FILING_TITLE}” added"]


def test_a_party_filer_is_a_person_to_open(session: Session) -> None:
    e = get_entry(session=session, kind="filing", slug="coomer-complaint")
    assert [(p.role, p.name, p.party) for p in e.people] == [("Filed by", "Eric Coomer", "eric-coomer")]


def test_named_counsel_is_the_lawyer_to_open_never_the_client(session: Session) -> None:
    """Giuliani's answer was filed by his lawyer: the lawyer is the person to open, and the
    lawyer's words in it are his, not Giuliani's."""
    e = get_entry(session=session, kind="filing", slug="giuliani-answer-dominion")
    assert [(p.role, p.party) for p in e.people] == [("Filed by", "joseph-sibley")]
    assert e.people[0].name == "Joseph D. Sibley, counsel for Rudolph W. Giuliani"
    assert [(q.speaker_party, q.speaker_kind) for q in e.quotes] == [("joseph-sibley", "counsel")]


def test_a_ruling_has_its_judge_outcome_and_every_case(session: Session) -> None:
    e = get_entry(session=session, kind="ruling", slug="moses-anti-slapp-ruling")
    assert (e.outcome, e.date_label) == ("denied", "Decided")
    assert [(p.role, p.name, p.party) for p in e.people] == [("Judge", "Marie Avery Moses", "marie-avery-moses")]
    shared = get_entry(session=session, kind="ruling", slug="nichols-opinion-powell")
    # The home case first, then the suits it is linked to, by name.
    assert shared.cases[0][0] == "dominion-v-powell"
    assert [name for _, name in shared.cases[1:]] == ["Dominion v. Giuliani", "Dominion v. Lindell"]


def test_a_deposition_names_its_deponent(session: Session) -> None:
    from casetrack.models import Deposition

    slug = session.exec(Deposition.__table__.select().limit(1)).first().slug  # type: ignore[attr-defined]
    e = get_entry(session=session, kind="deposition", slug=slug)
    deponent = next(p for p in e.people if p.role == "Deponent")
    assert e.title == f"Deposition of {deponent.name}" and deponent.party is not None
    assert e.subkind == "deposition" and e.date_label == "Taken"


def test_unknown_kind_or_slug_says_what_was_meant(session: Session) -> None:
    with pytest.raises(NotFound, match="no kind of entry 'filng'; did you mean 'filing'"):
        get_entry(session=session, kind="filng", slug=FILING)
    with pytest.raises(NotFound, match="no filing 'coomer-complant'; did you mean 'coomer-complaint'"):
        get_entry(session=session, kind="filing", slug="coomer-complant")


def test_its_own_history_after_a_changed_load(seeded: Engine, seed_copy: Path) -> None:
    path = seed_copy / "cases" / "coomer-v-trump-campaign.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    date_filed: 2020-12-22\n    description: >-\n      Defamation complaint"
    assert old in text
    path.write_text(text.replace(old, old.replace("2020-12-22", "2020-12-21")), encoding="utf-8")
    load_bundle(seeded, compile_seed(seed_copy))
    with Session(seeded) as session:
        e = get_entry(session=session, kind="filing", slug="coomer-complaint")
        other = get_entry(session=session, kind="filing", slug=FILING)
    changed = [c for c in e.history if c.op == "changed"]
    assert [(c.field, c.old_value, c.new_value) for c in changed] == [("date_filed", "2020-12-22", "2020-12-21")]
    assert changed[0].sentence.startswith("Coomer v. Trump campaign: filing “Complaint of Eric Coomer”: date filed")
    assert e.history[0].op == "added" and e.history[0].load_id < changed[0].load_id
    assert all(c.op == "added" for c in other.history)  # another record's change is not its own


def test_history_names_the_news_conference_by_its_title(
    capsys: pytest.CaptureFixture[str], session: Session, db_url: str
) -> None:
    # Reporters read the record's title, not its slug; the slug stays in --json beside it.
    e = get_entry(session=session, kind="event", slug="rnc-news-conference")
    assert e.history and e.history[0].sentence.endswith(f"event “{EVENT_TITLE}” added")
    assert "rnc-news-conference" not in e.history[0].sentence
    assert e.history[0].name == EVENT_TITLE
    code, out, err = run(capsys, "--db", db_url, "changes", "--kind", "event")
    assert code == 0, err
    (line,) = [line for line in out.splitlines() if EVENT_TITLE in line]
    assert line.startswith("[load 1, ") and " UTC] " in line and "rnc-news-conference" not in line
    code, out, err = run(capsys, "--db", db_url, "changes", "--kind", "event", "--json")
    assert code == 0, err
    (row,) = [r for r in json.loads(out) if r["slug"] == "rnc-news-conference"]
    assert row["name"] == EVENT_TITLE and EVENT_TITLE in row["sentence"]


def test_cli_entry_prints_and_writes_json(capsys: pytest.CaptureFixture[str], seeded: Engine, db_url: str) -> None:
    code, out, err = run(capsys, "--db", db_url, "entry", "filing", FILING)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Coomer’s September 2021 filing with the Trump campaign memo and emails"
    assert "Filed by: Counsel for Eric Coomer" in lines
    assert any(line.endswith("were released on Monday evening, 20 Sep 2021.") for line in lines)
    assert "  NYT: Trump campaign memo, 21 Sep 2021, ¶36–39" in lines
    assert any(line.endswith(f"filing “{FILING_TITLE}” added") for line in lines)

    code, out, err = run(capsys, "--db", db_url, "entry", "ruling", "moses-anti-slapp-ruling", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["kind"], data["outcome"], data["date"]["display"]) == ("ruling", "denied", "13 May 2022")
    assert data["sources"] == [
        {**data["sources"][0], "source": "background", "locator": "B06", "citation": "Background facts, B06"}
    ]
    assert data["history"][0]["op"] == "added" and data["history"][0]["slug"] == "moses-anti-slapp-ruling"

    code, out, err = run(capsys, "--db", db_url, "entry", "filing", "coomer-complant")
    assert code == 1 and out == ""
    assert one_line_error(err) == "casetrack: no filing 'coomer-complant'; did you mean 'coomer-complaint'?"
    code, out, err = run(capsys, "--db", db_url, "entry", "--help")
    assert code == 0 and "Example: casetrack entry filing coomer-motion-sept-2021" in out
