"""Nothing a user puts in a seed file produces a traceback: only SeedErrors with positions."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casetrack.seed.compile import SeedErrors, compile_seed
from tests.conftest import SEED

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(
    st.text(max_size=20), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False),
    st.sampled_from(["2021-13-45", "no", "2021", "Aug. 25, 2021", "~", "null", "[", "{a: 1}", "nyt-coomer-memo:p999"]),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
CASE_FIELDS = [
    "slug", "case_name", "short_name", "kind", "court", "docket_number", "date_filed", "date_terminated",
    "parent", "sources", "parties", "status", "filings", "rulings", "quotes", "events", "depositions",
]  # fmt: skip


def _fresh(tmp: Path) -> Path:
    dest = tmp / "seed"
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(SEED, dest, ignore=shutil.ignore_patterns("cases"))
    (dest / "cases").mkdir()
    shutil.copy(SEED / "cases" / "dominion-v-fox.yaml", dest / "cases")
    return dest


def _check(directory: Path) -> None:
    try:
        compile_seed(directory)
    except SeedErrors as exc:
        assert exc.issues
        for issue in exc.issues:
            text = str(issue)
            assert "\n" not in text and text.startswith(issue.file)


@FUZZ
@given(st.text(max_size=300))
def test_random_text_as_a_case_file(tmp_path_factory, content: str) -> None:
    directory = _fresh(tmp_path_factory.mktemp("fuzz"))
    (directory / "cases" / "dominion-v-fox.yaml").write_text(content, encoding="utf-8")
    _check(directory)


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_as_a_case_file(tmp_path_factory, content: bytes) -> None:
    directory = _fresh(tmp_path_factory.mktemp("fuzz"))
    (directory / "cases" / "dominion-v-fox.yaml").write_bytes(content)
    _check(directory)


@FUZZ
@given(st.sampled_from(CASE_FIELDS), values)
def test_random_value_for_a_case_field(tmp_path_factory, field: str, value: object) -> None:
    directory = _fresh(tmp_path_factory.mktemp("fuzz"))
    path = directory / "cases" / "dominion-v-fox.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[field] = value
    with path.open("w", encoding="utf-8") as fh:
        yaml.safe_dump(data, fh, allow_unicode=True)
    _check(directory)


@FUZZ
@given(st.dictionaries(st.sampled_from(["slug", "name", "kind", "sources", "extra", "short_name"]), values, max_size=5))
def test_random_party_record(tmp_path_factory, record: dict) -> None:
    directory = _fresh(tmp_path_factory.mktemp("fuzz"))
    with (directory / "parties.yaml").open("a", encoding="utf-8") as fh:
        yaml.safe_dump([record], fh, allow_unicode=True)
    _check(directory)


# --- what a hostile or careless file holds (issue 12): anchors and aliases, deep nesting, huge
# values, bytes that are not UTF-8. Nothing but one-line seed errors may come out.

YAML_BITS = st.sampled_from(
    ["&a ", "&b ", "*a", "*b", "<<: ", "[", "]", "{", "}", ": ", "- ", "\n", "  ", "x", ", ", "'", '"', "!!str ", "#"]
)


@FUZZ
@given(st.lists(YAML_BITS, max_size=60))
def test_anchors_aliases_and_merge_keys_in_a_case_file(tmp_path_factory, bits: list[str]) -> None:
    directory = _fresh(tmp_path_factory.mktemp("fuzz"))
    path = directory / "cases" / "dominion-v-fox.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "extra: " + "".join(bits) + "\n", encoding="utf-8")
    _check(directory)


@FUZZ
@given(st.integers(min_value=1, max_value=3000), st.sampled_from(["flow list", "flow map", "block list", "block map"]))
def test_deep_nesting_in_a_case_file(tmp_path_factory, depth: int, form: str) -> None:
    directory = _fresh(tmp_path_factory.mktemp("fuzz"))
    if form == "flow list":
        text = "slug: " + "[" * depth + "]" * depth + "\n"
    elif form == "flow map":
        text = "slug: " + "{a: " * depth + "x" + "}" * depth + "\n"
    elif form == "block list":
        text = "slug:\n" + "".join(" " * i + "-\n" for i in range(min(depth, 400)))
    else:
        text = "slug:\n" + "".join(" " * i + "a:\n" for i in range(min(depth, 400)))
    (directory / "cases" / "dominion-v-fox.yaml").write_text(text, encoding="utf-8")
    _check(directory)


@FUZZ
@given(
    st.sampled_from(["summary", "case_name", "slug", "docket_number", "court", "sources"]),
    st.integers(min_value=19_990, max_value=200_000),
    st.characters(exclude_categories=["Cs"]),
)
def test_huge_values_in_a_case_file(tmp_path_factory, field: str, size: int, char: str) -> None:
    directory = _fresh(tmp_path_factory.mktemp("fuzz"))
    path = directory / "cases" / "dominion-v-fox.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[field] = char * size
    with path.open("w", encoding="utf-8") as fh:
        yaml.safe_dump(data, fh, allow_unicode=True)
    _check(directory)


@FUZZ
@given(st.integers(min_value=0, max_value=5000), st.binary(min_size=1, max_size=4))
def test_bytes_that_are_not_utf8_in_a_case_file(tmp_path_factory, where: int, junk: bytes) -> None:
    directory = _fresh(tmp_path_factory.mktemp("fuzz"))
    path = directory / "cases" / "dominion-v-fox.yaml"
    content = path.read_bytes()
    where %= len(content) + 1
    path.write_bytes(content[:where] + junk + content[where:])
    _check(directory)
