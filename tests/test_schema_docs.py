"""docs/schema.md is the contract for scripts: its examples run, and it covers every column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from casetrack.models import metadata

DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
EXAMPLE = re.compile(
    r"```sql\n(?P<sql>.*?)```\n<!-- expect: (?P<expect>.*?) -->\n(?:<!-- (?P<only>\w+)-only -->)?", re.S
)


def examples() -> list[tuple[str, str, str | None]]:
    found = [(m["sql"], m["expect"], m["only"]) for m in EXAMPLE.finditer(DOC.read_text(encoding="utf-8"))]
    assert len(found) >= 6
    return found


@pytest.mark.parametrize(("sql", "expect", "only"), examples(), ids=lambda v: str(v)[:40] if v else "any")
def test_example_runs_and_returns_what_it_says(seeded: Engine, sql: str, expect: str, only: str | None) -> None:
    if only is not None and only != seeded.dialect.name:
        pytest.skip("this example is written for the other backend")
    with seeded.connect() as conn:
        rows = conn.execute(text(sql)).all()
    assert rows, sql
    assert any(expect in str(value) for row in rows for value in row), (expect, rows[:3])


def test_every_table_and_column_is_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for table in metadata.sorted_tables:
        assert f"### `{table.name}`" in doc, table.name
        section = doc.split(f"### `{table.name}`", 1)[1].split("\n### ", 1)[0]
        for column in table.columns:
            base = re.sub(r"_(precision|approximate|text|end|bound)$", "", column.name)
            assert f"`{column.name}`" in section or f"`{base}`" in section, (table.name, column.name)


def test_every_view_is_documented(seeded: Engine) -> None:
    doc = DOC.read_text(encoding="utf-8")
    views = inspect(seeded).get_view_names()
    assert {"v_case_status", "v_timeline", "v_quote", "v_sanction"} <= set(views)
    for view in views:
        assert f"`{view}`" in doc
        for column in inspect(seeded).get_columns(view):
            assert f"`{column['name']}`" in doc, (view, column["name"])
