"""Load history (issue 15): every load records what it added, changed and deleted; `changes`
shows it as redlines; followed cases and the Atom feed read it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest
from sqlalchemy import Engine, text

from casetrack import db
from casetrack.bulk import bulk_import, rows_from_bundle
from casetrack.seed.compile import Bundle, compile_seed
from casetrack.seed.load import load_bundle
from tests.conftest import dump
from tests.test_cli import one_line_error, run

CASE = "coomer-v-trump-campaign"
OLD_CAPTION = "Coomer v. Donald J. Trump for President, Inc., et al."
NEW_CAPTION = "Coomer v. Donald J. Trump for President, Inc. (amended caption)"
REMOVED_FILING = "defendants-anti-slapp-motions"


def edit_seed(folder: Path) -> None:
    """The caption of Coomer's case changes and one of its filings goes."""
    path = folder / "cases" / f"{CASE}.yaml"
    text_ = path.read_text(encoding="utf-8")
    assert f"case_name: {OLD_CAPTION}\n" in text_
    text_ = text_.replace(f"case_name: {OLD_CAPTION}\n", f"case_name: {NEW_CAPTION}\n")
    start = text_.index(f"  - slug: {REMOVED_FILING}\n")
    end = text_.index("  - slug: ", start + 1)
    path.write_text(text_[:start] + text_[end:], encoding="utf-8")


def counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        loads = conn.execute(text("SELECT count(*) FROM history_load")).scalar_one()
        changes = conn.execute(text("SELECT count(*) FROM history_change")).scalar_one()
    return loads, changes


def test_changed_caption_and_pruned_filing_show_in_changes_json_and_the_feed(
    capsys, migrated: Engine, db_url: str, seed_copy: Path
) -> None:
    code, _, err = run(capsys, "--db", db_url, "seed", "load", "-q", str(seed_copy))
    assert code == 0, err
    first = counts(migrated)
    assert first[0] == 1 and first[1] > 500  # the first load adds every record

    edit_seed(seed_copy)
    code, out, err = run(capsys, "--db", db_url, "seed", "load", "--prune", "--json", str(seed_copy))
    assert code == 0, err
    load = json.loads(out)["load"]

    code, out, err = run(capsys, "--db", db_url, "changes", "--since", str(load), "--json")
    assert code == 0, err
    got = {(c["kind"], c["slug"], c["op"], c["field"]): c for c in json.loads(out)}
    caption = got[("legal_case", CASE, "changed", "case_name")]
    assert (caption["old"], caption["new"]) == (OLD_CAPTION, NEW_CAPTION)
    assert caption["case"] == CASE and caption["load"] == load
    assert caption["sentence"] == f"Coomer v. Trump campaign: caption “{OLD_CAPTION}” → “{NEW_CAPTION}”"
    filing = got[("filing", REMOVED_FILING, "deleted", None)]
    assert filing["case"] == CASE
    # Gone from the database, the pruned filing is named by its slug; the case, by its name.
    assert filing["sentence"] == f"Coomer v. Trump campaign: filing {REMOVED_FILING} deleted"
    assert filing["name"] is None and caption["name"] == "Coomer v. Trump campaign"
    citation = got[("citation", f"filing/{REMOVED_FILING}/1", "deleted", None)]
    assert citation["sentence"].endswith(f"citation filing/{REMOVED_FILING}/1 deleted")
    # The removed filing's citation goes with it; nothing else changed.
    assert set(got) == {
        ("legal_case", CASE, "changed", "case_name"),
        ("filing", REMOVED_FILING, "deleted", None),
        ("citation", f"filing/{REMOVED_FILING}/1", "deleted", None),
    }

    # Loading the same seed again records the load and no change.
    before = counts(migrated)
    code, _, err = run(capsys, "--db", db_url, "seed", "load", "--prune", "-q", str(seed_copy))
    assert code == 0, err
    assert counts(migrated) == (before[0] + 1, before[1])
    code, out, err = run(capsys, "--db", db_url, "changes", "--since", str(load + 1), "--json")
    assert code == 0 and json.loads(out) == []

    # The feed holds the change, with the required Atom elements and stable ids.
    code, out, err = run(capsys, "--db", db_url, "feed", "--case", CASE)
    assert code == 0, err
    parsed = feedparser.parse(out)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id and parsed.feed.title and parsed.feed.updated
    entry = next(e for e in parsed.entries if e.title == caption["sentence"])
    assert entry.id and entry.updated and parsed.feed.author == "casetrack"
    assert any(e.title == filing["sentence"] for e in parsed.entries)
    assert run(capsys, "--db", db_url, "feed", "--case", CASE)[1] == out  # same ids, same feed


def test_a_load_and_its_history_are_one_transaction(migrated: Engine, bundle: Bundle, monkeypatch) -> None:
    from casetrack import history
    from casetrack.seed import load as load_module

    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(load_module, "record_load", broken)
    with pytest.raises(RuntimeError):
        load_bundle(migrated, bundle)
    assert counts(migrated) == (0, 0)
    assert all(not rows for rows in dump(migrated).values())
    monkeypatch.setattr(load_module, "record_load", history.record_load)
    report = load_bundle(migrated, bundle, dry_run=True)
    assert report.n_added and counts(migrated) == (0, 0)  # a dry run records nothing


def test_a_new_status_reads_as_a_redline_with_date_and_source(capsys, seeded: Engine, db_url: str, tmp_path) -> None:
    seed = tmp_path / "s"
    import shutil

    from tests.conftest import SEED

    shutil.copytree(SEED, seed)
    path = seed / "cases" / "dominion-v-powell.yaml"
    text_ = path.read_text(encoding="utf-8")
    assert "\nstatus:\n" in text_ or "\nstatuses:\n" in text_, text_[:400]
    key = "\nstatuses:\n" if "\nstatuses:\n" in text_ else "\nstatus:\n"
    path.write_text(
        text_.replace(
            key,
            f"{key}  - status: settled\n    as_of: 2025-01-02\n    sources: [background:B01]\n",
            1,
        ),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "--db", db_url, "seed", "load", "-q", str(seed))
    assert code == 0, err
    code, out, err = run(
        capsys, "--db", db_url, "changes", "--since", "2", "--kind", "status", "--case", "dominion-v-powell"
    )
    assert code == 0, err
    assert re.fullmatch(
        r"\[load 2, .*\] Dominion v\. Powell: status \w[\w ]* → settled, as of 2 Jan 2025; source .+\n", out
    ), out


def test_bulk_import_records_a_load_with_every_row_added(migrated: Engine, bundle: Bundle) -> None:
    from casetrack import history

    report = bulk_import(migrated, rows_from_bundle(bundle))
    with migrated.connect() as conn:
        (load,) = history.list_loads(conn)
        assert (load.kind, load.added, load.records) == ("bulk", report.total, report.total)
        case_rows = history.list_changes(conn, case=CASE, kind="filing")
    assert {c.slug for c in case_rows} >= {"coomer-complaint", REMOVED_FILING}
    assert all(c.op == "added" for c in case_rows)


def test_follow_unfollow_following_and_seen(capsys, seeded_url: str, tmp_path: Path) -> None:
    code, out, err = run(capsys, "--db", seeded_url, "follow", CASE, "--note", "the campaign memo")
    assert code == 0, err
    code, out, err = run(capsys, "--db", seeded_url, "following", "--json")
    (entry,) = json.loads(out)
    assert (entry["case"], entry["note"]) == (CASE, "the campaign memo")
    assert entry["new"] > 0  # never marked seen: the first load counts
    assert run(capsys, "--db", seeded_url, "seen")[0] == 0
    code, out, _ = run(capsys, "--db", seeded_url, "following", "--json")
    assert json.loads(out)[0]["new"] == 0
    code, out, _ = run(capsys, "--db", seeded_url, "changes", "--since", "seen", "--json")
    assert json.loads(out) == []
    saved = json.loads((tmp_path / "user-data" / "following.json").read_text(encoding="utf-8"))
    assert CASE in saved["following"]
    # The followed feed holds the followed case's changes only.
    code, out, _ = run(capsys, "--db", seeded_url, "feed", "--followed")
    cases = {t.term for e in feedparser.parse(out).entries for t in e.tags}
    assert cases == {CASE}
    assert run(capsys, "--db", seeded_url, "unfollow", CASE)[0] == 0
    code, _, err = run(capsys, "--db", seeded_url, "unfollow", CASE)
    assert code == 1 and "do not follow" in one_line_error(err)


def test_follow_works_on_a_read_only_database(capsys, seeded: Engine, db_url: str, tmp_path: Path) -> None:
    path = db.Target(db_url, "--db").sqlite_path
    if path is None:
        pytest.skip("PostgreSQL: the follow list is never in the database anyway")
    seeded.dispose()
    path.chmod(0o444)
    path.parent.chmod(0o555)
    try:
        code, out, err = run(capsys, "--db", db_url, "follow", CASE, "--note", "x")
        assert code == 0, err
        assert "following" in out
    finally:
        path.parent.chmod(0o755)
        path.chmod(0o644)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["follow", "no-such-case"], "no-such-case"),
        (["changes", "--since", "last tuesday"], "--since"),
        (["changes", "--kind", "nonsense"], "unknown kind"),
        (["changes", "--case", "no-such-case"], "no case"),
    ],
)
def test_user_errors_are_one_line(capsys, seeded_url: str, args: list[str], message: str) -> None:
    code, out, err = run(capsys, "--db", seeded_url, *args)
    assert code != 0 and out == ""
    assert message in one_line_error(err)


def test_json_and_csv_together_is_bad_usage(capsys, seeded_url: str) -> None:
    # As every listing command reports it: typer's usage message, exit 2.
    code, out, err = run(capsys, "--db", seeded_url, "changes", "--json", "--csv")
    assert code == 2 and out == "" and "choose one of --json and --csv" in err and "Traceback" not in err


def test_changes_csv_and_loads(capsys, seeded_url: str) -> None:
    code, out, _ = run(capsys, "--db", seeded_url, "changes", "--case", CASE, "--kind", "case", "--csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("load,loaded_at,kind,slug,op")
    assert lines[1].startswith("1,") and f",legal_case,{CASE},added," in lines[1]
    assert lines[0].endswith(",sentence,name") and lines[1].endswith(": case added,Coomer v. Trump campaign")
    code, out, _ = run(capsys, "--db", seeded_url, "loads", "--json")
    assert code == 0
    (load,) = json.loads(out)
    assert load["kind"] == "seed" and load["added"] == load["records"] > 0


@pytest.fixture
def seeded_url(seeded: Engine, db_url: str) -> str:
    return db_url


def test_history_is_kept_for_a_seed_outside_git(migrated: Engine, seed_copy: Path) -> None:
    from casetrack import history

    load_bundle(migrated, compile_seed(seed_copy), seed_dir=seed_copy)
    with migrated.connect() as conn:
        (load,) = history.list_loads(conn)
    assert load.seed_dir == str(seed_copy.resolve())
    assert (load.git_commit, load.git_dirty) == (None, None)
    commit, dirty = history.git_state(Path(__file__).parent.parent / "seed")
    assert commit is not None and re.fullmatch(r"[0-9a-f]{40}", commit) and dirty in (True, False)


def test_sentences_name_roles_statuses_and_quotes_as_a_reader_knows_them(seeded: Engine) -> None:
    from casetrack import history

    with seeded.connect() as conn:
        roles = history.list_changes(conn, case=CASE, kind="case_role")
        statuses = history.list_changes(conn, case="dominion-v-powell", kind="status")
        quotes = history.list_changes(conn, case=CASE, kind="quote")
    sentences = [c.sentence for c in roles]
    assert "Coomer v. Trump campaign: case role Eric Coomer (plaintiff) added" in sentences
    assert not any("--" in s for s in sentences)  # no role slug ('…--eric-coomer--plaintiff')
    assert statuses and all(c.name and " as of " in c.name for c in statuses)
    assert quotes and all(c.sentence.startswith("Coomer v. Trump campaign: quote by ") for c in quotes)
    assert all(c.slug not in c.sentence for c in quotes) and all("“" in (c.name or "") for c in quotes)
    assert roles[0].when.endswith(" UTC") and not roles[0].when.startswith("0")
