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
