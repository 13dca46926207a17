"""The seed files' YAML reader: plain strings, nulls, positions, and one-line errors."""

from __future__ import annotations

import pytest

from casetrack.seed.yamlio import YamlProblem, parse_yaml


def test_scalars_stay_text_and_only_plain_nulls_are_null() -> None:
    data, _ = parse_yaml("a: 2021-13-45\nb: no\nc: ~\nd: ''\ne: '~'\nf: null\ng:\nh: 1.50\n")
    assert data == {"a": "2021-13-45", "b": "no", "c": None, "d": "", "e": "~", "f": None, "g": None, "h": "1.50"}


def test_keys_and_values_keep_their_line_and_column() -> None:
    data, pos = parse_yaml("case:\n  names:\n    - Coomer\n    - é: |\n        text\n")
    assert data == {"case": {"names": ["Coomer", {"é": "text\n"}]}}
    assert pos.keys[("case", "names")] == (2, 3)
    assert pos.values[("case", "names", 0)] == (3, 7)
    assert pos.keys[("case", "names", 1, "é")] == (4, 7)
    assert pos.values[("case", "names", 1, "é")] == (4, 10)  # columns count characters
    assert pos.find(("case", "names", 5)) == (3, 5)  # no such item: where its list starts


def test_unicode_line_and_paragraph_separators_are_text() -> None:
    # YAML 1.1 (libyaml) reads U+2028, U+2029 and NEL as line breaks; pasted text has them.
    data, pos = parse_yaml("- foo\u2028bar\n- k\u2029ey: 'q\x85r'\n- after\n")
    assert data == ["foo\u2028bar", {"k\u2029ey": "q\x85r"}, "after"]
    assert pos.values[(2,)] == (3, 3)


def test_anchors_and_aliases_are_refused_where_they_are() -> None:
    with pytest.raises(YamlProblem) as info:
        parse_yaml("a: [1, 2]\nb: &x [1, 2]\nc: *x\n")
    assert (info.value.line, info.value.column, info.value.message) == (
        2,
        4,
        "YAML anchors (&x) are not allowed in seed files; write the value out",
    )


def test_ampersands_and_asterisks_in_values_are_text() -> None:
    data, _ = parse_yaml('a: "Q&A *x"\nb: [R&D, "*y"]\nc: plain & *z\n')
    assert data == {"a": "Q&A *x", "b": ["R&D", "*y"], "c": "plain & *z"}


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("a: [unclosed\nb: 2\n", 1, 4, "invalid YAML"),
        ("a: 'open\nb: 2", 1, 4, "invalid YAML"),
        ("a: 1\na: 2\n", 2, 1, "duplicate key 'a'"),
        ("a: *nope\n", 1, 4, "YAML aliases (*nope) are not allowed in seed files"),
        ("a: 1\nb: &x 2\n", 2, 4, "YAML anchors (&x) are not allowed in seed files"),
        ("a:\n  - x\n  - <<: *base\n", 3, 9, "YAML aliases (*base) are not allowed"),
        ("a: " + "[" * 33 + "]" * 33 + "\n", 1, 35, "nested more than 32 levels deep"),
        ("a: [" + "x" * 20_001 + "]\n", 1, 5, "a value of 20,001 characters; the limit is 20,000"),
        ("a:\n\tb: 1\n", 2, 1, "a tab in the indentation"),
        ("a: 1\n\t\nb: 2\n", 2, 1, "a tab in the indentation"),
        ("a: x\ufdd0y\n", 1, 5, "noncharacter U+FDD0"),
        ("a: b: c\n", 1, 5, "mapping values are not allowed"),
        ("---\na: 1\n---\nb: 2\n", 2, 1, "single document"),
        ("<<: {a: 1}\n", 1, 1, "merge keys"),
        ("? [a, b]\n: c\n", 1, 3, "plain word"),
        ("a: \x07\n", 1, 1, "invalid YAML"),
    ],
)
def test_bad_yaml_is_one_positioned_line(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(YamlProblem) as info:
        parse_yaml(text)
    assert (info.value.line, info.value.column) == (line, column)
    assert message in info.value.message and "\n" not in info.value.message
