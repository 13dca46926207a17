"""The seed format, its loader, and the bundled data."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from casetrack.seed.compile import SeedErrors, compile_seed
from casetrack.seed.load import load_bundle
from tests.conftest import SEED, dump, table_counts

ARTICLES = SEED / "texts" / "000_68a5e8105277c2f9.txt"


def issues_of(directory: Path) -> list[str]:
    with pytest.raises(SeedErrors) as info:
        compile_seed(directory)
    return [str(i) for i in info.value.issues]


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {path}"
    path.write_text(content.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# --- the bundled data ------------------------------------------------------------------


def test_bundled_seed_is_valid_and_covers_the_litigation(bundle) -> None:
    cases = bundle.rows["legal_case"]
    for slug in (
        "coomer-v-trump-campaign", "dominion-v-powell", "dominion-v-giuliani", "dominion-v-lindell",
        "dominion-v-fox", "smartmatic-v-fox", "king-v-whitmer-sanctions", "matter-of-giuliani",
        "epoch-times-threatened-action", "bannon-fraud-charges",
    ):  # fmt: skip
        assert slug in cases
    assert cases["epoch-times-threatened-action"]["kind"] == "threatened"
    assert cases["bannon-fraud-charges"]["kind"] == "criminal"
    assert cases["dominion-v-powell"]["docket_number"] == "1:21-cv-00040"
    sanctioned = {row["party_id"].slug for row in bundle.rows["sanction"].values()}
    assert "sidney-powell" in sanctioned and "rudolph-giuliani" not in sanctioned


def test_every_quote_is_verbatim_in_its_cited_paragraph(bundle) -> None:
    """Independent of the loader's own check: re-split the articles and look each quote up."""
    sources = bundle.rows["source"]
    raw = ARTICLES.read_text(encoding="utf-8").splitlines()
    assert bundle.rows["quote"], "the seed has quotes"
    parts: dict[str, list[str]] = {}
    for part in bundle.rows["quote_part"].values():
        parts.setdefault(part["quote_id"].slug, []).append(part["text"])
    for slug, quote in bundle.rows["quote"].items():
        source = sources[quote["source_id"].slug]
        piece = raw[source["first_line"] - 1 : source["last_line"]]
        paragraphs = [line for line in piece if line.strip()]
        m = re.fullmatch(r"p(\d+)(?:-p?(\d+))?", quote["source_locator"])
        assert m, (slug, quote["source_locator"])
        first, last = int(m[1]), int(m[2] or m[1])
        cited = " ".join(paragraphs[first - 1 : last]).replace("\u00a0", " ")
        for words in parts.get(slug, [quote["text"]]):
            assert " ".join(words.split()) in " ".join(cited.split()), slug


def test_every_record_cites_a_source(bundle) -> None:
    cited = {(c["subject_type"], c["subject_id"].slug) for c in bundle.rows["citation"].values()}
    for table in (
        "court",
        "party",
        "legal_case",
        "case_role",
        "filing",
        "deposition",
        "ruling",
        "event",
        "case_status",
    ):
        for slug in bundle.rows[table]:
            assert (table, slug) in cited, (table, slug)


def test_relative_dates_are_resolved_against_the_article(bundle) -> None:
    import datetime as dt

    motion = next(f for f in bundle.rows["filing"].values() if f["date_filed_text"] == "late last week")
    assert motion["date_filed"] == dt.date(2021, 9, 16)
    assert motion["date_filed_approximate"] is True


# --- loading ---------------------------------------------------------------------------


def test_load_twice_changes_nothing(migrated: Engine, bundle) -> None:
    first = load_bundle(migrated, bundle)
    assert first.n_added == sum(bundle.counts().values()) and first.n_changed == 0
    before = dump(migrated)
    second = load_bundle(migrated, bundle)
    assert (second.n_added, second.n_changed, second.n_removed) == (0, 0, 0)
    assert second.n_unchanged == first.n_added
    assert dump(migrated) == before


def test_edited_record_is_updated_in_place(migrated: Engine, seed_copy: Path) -> None:
    load_bundle(migrated, compile_seed(seed_copy))
    with migrated.connect() as conn:
        old_id = conn.execute(text("SELECT id FROM legal_case WHERE slug = 'dominion-v-fox'")).scalar_one()
    edit(seed_copy / "cases" / "dominion-v-fox.yaml", "short_name: Dominion v. Fox", "short_name: Dominion v. Fox News")
    report = load_bundle(migrated, compile_seed(seed_copy))
    assert report.changed == {"legal_case": [("dominion-v-fox", ["short_name"])]}
    assert report.n_added == 0
    with migrated.connect() as conn:
        row = conn.execute(text("SELECT id, short_name FROM legal_case WHERE slug = 'dominion-v-fox'")).one()
    assert tuple(row) == (old_id, "Dominion v. Fox News")


def test_removed_records_are_listed_and_deleted_only_with_prune(migrated: Engine, seed_copy: Path) -> None:
    load_bundle(migrated, compile_seed(seed_copy))
    (seed_copy / "cases" / "bannon-fraud-charges.yaml").unlink()
    smaller = compile_seed(seed_copy)
    report = load_bundle(migrated, smaller)
    assert "bannon-fraud-charges" in report.removed["legal_case"]
    assert table_counts(migrated)["legal_case"] == len(smaller.rows["legal_case"]) + 1
    pruned = load_bundle(migrated, smaller, prune=True)
    assert pruned.pruned and "bannon-fraud-charges" in pruned.removed["legal_case"]
    counts = table_counts(migrated)
    assert counts["legal_case"] == len(smaller.rows["legal_case"])
    assert counts["citation"] == len(smaller.rows["citation"])


def test_dry_run_writes_nothing(migrated: Engine, bundle) -> None:
    report = load_bundle(migrated, bundle, dry_run=True)
    assert report.n_added > 0
    assert sum(table_counts(migrated).values()) == 0


# --- broken seed files: a clear message with file and line, and nothing written ------------

BROKEN = {
    "bad date": ("dominion-v-fox.yaml", "date_filed: 2021-03-26", "date_filed: 2021-13-45", "not a date"),
    "unknown slug": (
        "dominion-v-fox.yaml",
        "court: delaware-superior-court",
        "court: delaware-superior-cort",
        "unknown court",
    ),
    "unknown key": ("dominion-v-fox.yaml", "nature_of_suit:", "nature_of_suite:", "unknown key 'nature_of_suite'"),
    "bad yaml": ("dominion-v-fox.yaml", "case_name:", "case_name: [unclosed", "invalid YAML"),
    "wrong type": ("dominion-v-fox.yaml", "kind: defamation", "kind: libel", "kind: 'libel' is not one of"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_seed_is_reported_with_file_and_line_and_writes_nothing(
    name: str, seeded: Engine, seed_copy: Path
) -> None:
    file, old, new, message = BROKEN[name]
    path = seed_copy / "cases" / file
    line = line_of(path, old)
    edit(path, old, new)
    before = dump(seeded)
    issues = issues_of(seed_copy)
    assert any(re.search(rf"dominion-v-fox\.yaml:{line}:\d+: ", i) and message in i for i in issues), issues
    assert dump(seeded) == before


def test_duplicate_slug_names_both_places(seed_copy: Path) -> None:
    path = seed_copy / "parties.yaml"
    content = path.read_text(encoding="utf-8")
    first = content.index("- slug: sidney-powell")
    end = content.index("\n- slug:", first + 1)
    path.write_text(content + content[first:end] + "\n", encoding="utf-8")
    issues = issues_of(seed_copy)
    assert any(
        "duplicate party slug 'sidney-powell' (first defined at" in i and "parties.yaml:" in i for i in issues
    ), issues


def test_quote_not_in_its_source_is_an_error(seed_copy: Path) -> None:
    path = seed_copy / "cases" / "king-v-whitmer-sanctions.yaml"
    edit(path, "This case was never about fraud", "This case was always about fraud")
    issues = issues_of(seed_copy)
    assert any("text does not appear verbatim" in i for i in issues), issues


def test_quote_citing_a_missing_source_is_an_error(seed_copy: Path) -> None:
    path = seed_copy / "cases" / "king-v-whitmer-sanctions.yaml"
    content = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"source: nyt-coomer-memo:", "source: nyt-comer-memo:", content, count=1), encoding="utf-8")
    issues = issues_of(seed_copy)
    assert any("unknown source 'nyt-comer-memo'; did you mean 'nyt-coomer-memo'?" in i for i in issues), issues


def test_medium_fact_must_be_cited_as_medium(seed_copy: Path) -> None:
    path = seed_copy / "cases" / "dominion-v-fox.yaml"
    content = path.read_text(encoding="utf-8")
    path.write_text(content.replace("sources:\n", "sources:\n  - background:B03\n", 1), encoding="utf-8")
    issues = issues_of(seed_copy)
    assert any("fact B03 is medium confidence" in i for i in issues), issues


def test_all_problems_are_reported_at_once(seed_copy: Path) -> None:
    edit(seed_copy / "cases" / "dominion-v-fox.yaml", "kind: defamation", "kind: libel")
    edit(seed_copy / "cases" / "smartmatic-v-fox.yaml", "case_name:", "case_nam:")
    files = {i.split(":")[0] for i in issues_of(seed_copy)}
    assert any(f.endswith("dominion-v-fox.yaml") for f in files)
    assert any(f.endswith("smartmatic-v-fox.yaml") for f in files)


def test_yaml_typing_traps_are_read_as_text(seed_copy: Path) -> None:
    """`no` and `2021` stay strings where text is expected; a year-only date keeps year precision."""
    path = seed_copy / "cases" / "dominion-v-fox.yaml"
    edit(path, "nature_of_suit: Defamation", "nature_of_suit: no\ndocket_number: 2021")
    edit(path, "date_filed: 2021-03-26", "date_filed: 2021")
    row = compile_seed(seed_copy).rows["legal_case"]["dominion-v-fox"]
    assert row["nature_of_suit"] == "no" and row["docket_number"] == "2021"
    assert row["date_filed_precision"] == "year" and str(row["date_filed"]) == "2021-01-01"


def test_missing_directory_is_one_clear_error(tmp_path: Path) -> None:
    issues = issues_of(tmp_path / "nope")
    assert issues == [f"{tmp_path / 'nope'}: no seed directory here"]


def test_compiling_turns_the_garbage_collector_back_on(tmp_path: Path) -> None:
    # compile_seed switches the cyclic collector off while it runs (it is half the time).
    assert gc.isenabled()
    compile_seed(SEED)
    assert gc.isenabled()
    issues_of(tmp_path / "nope")  # and when the seed is bad
    assert gc.isenabled()
    gc.disable()
    try:
        compile_seed(SEED)
        assert not gc.isenabled()  # a caller's own setting is left as it was
    finally:
        gc.enable()


def test_the_worked_example_in_the_seed_format_doc_works(migrated: Engine, seed_copy: Path) -> None:
    doc = (SEED.parent / "docs" / "seed-format.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- worked-example: (?P<file>\S+) -->\n```yaml\n(?P<yaml>.*?)```", doc, re.S)
    assert m, "the worked example is marked in the doc"
    load_bundle(migrated, compile_seed(seed_copy))
    case_file = seed_copy / "cases" / m["file"]
    case_file.write_text(case_file.read_text(encoding="utf-8") + "\n" + m["yaml"], encoding="utf-8")
    report = load_bundle(migrated, compile_seed(seed_copy))
    assert report.added == {
        "filing": ["pearson-complaint"],
        "filing_filer": ["pearson-complaint--sidney-powell"],
        "citation": ["filing/pearson-complaint/1"],
    }
    assert report.n_changed == 0
    with migrated.connect() as conn:
        row = conn.execute(
            text(
                "SELECT date_filed, date_filed_end, date_filed_approximate, date_filed_text "
                "FROM filing WHERE slug = 'pearson-complaint'"
            )
        ).one()
    assert [str(v) for v in row[:2]] == ["2020-11-25", "2020-12-02"]
    assert tuple(row[2:]) == (False, "filed 25 Nov to 2 Dec 2020")


def test_the_events_and_quotes_examples_in_the_seed_format_doc_are_valid_and_true(bundle, tmp_path: Path) -> None:
    """The doc's examples of events.yaml and quotes.yaml parse, and say what the seed says."""
    from casetrack.seed.inputs import LooseEventIn, LooseQuoteIn
    from casetrack.seed.yamlio import read_yaml

    doc = (SEED.parent / "docs" / "seed-format.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n# events.yaml\n(?P<events>.*?)# quotes.yaml\n(?P<quotes>.*?)```", doc, re.S)
    assert block, "the events.yaml and quotes.yaml example is in the doc"
    for part, model, table in (("events", LooseEventIn, "event"), ("quotes", LooseQuoteIn, "quote")):
        path = tmp_path / f"{part}.yaml"
        path.write_text(block[part], encoding="utf-8")
        data, _ = read_yaml(path)
        for raw in data:
            record = model.model_validate(raw)
            assert record.slug in bundle.rows[table], record.slug
    quote = bundle.rows["quote"]["powell-bloodless-coup"]
    assert quote["case_id"] is None and quote["speaker_actor_id"].slug == "sidney-powell"


def test_odd_keys_are_quoted_and_every_issue_is_one_line(seed_copy: Path) -> None:
    """Found by the fuzzer: a key with a newline in it once split the message over two lines."""
    with (seed_copy / "parties.yaml").open("a", encoding="utf-8") as fh:
        fh.write('- slug: x\n  name: X\n  kind: person\n  sources: [{"\\n": ""}]\n')
    issues = issues_of(seed_copy)
    assert all("\n" not in i for i in issues)
    assert any("sources[0]['\\n']: unknown key '\\n'" in i for i in issues), issues
