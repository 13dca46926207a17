"""The case list's light Core tables name real columns of the right types, and the list it
gives is the one the services give (the services delegate to it)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import Engine

from casetrack import caselist, models


@pytest.mark.parametrize("light", caselist.TABLES, ids=lambda t: t.name)
def test_light_table_columns_match_the_models(light) -> None:
    real = models.metadata.tables[light.name]
    for col in light.c:
        assert col.name in real.c, f"{light.name}.{col.name} is not a column of the models"
        real_type = real.c[col.name].type
        real_type = getattr(real_type, "impl", real_type)  # SQLModel's AutoString wraps a String
        assert isinstance(real_type, type(col.type)), (light.name, col.name, real_type)


def test_the_case_list_imports_no_orm_pydantic_or_models() -> None:
    code = (
        "import sys, casetrack.caselist, casetrack.jsonable, casetrack.bootstrap\n"
        "heavy = {'sqlalchemy.orm', 'sqlmodel', 'pydantic', 'casetrack.models', 'casetrack.services', 'alembic'}\n"
        "print(','.join(sorted(heavy & set(sys.modules))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


@pytest.mark.parametrize("sort", caselist.CASE_SORTS)
def test_every_sort_runs_on_the_seed(seeded: Engine, sort: str) -> None:
    with seeded.connect() as conn:
        forward = caselist.list_cases(conn, sort=sort)
        backward = caselist.list_cases(conn, sort=sort, descending=True)
        assert caselist.count_cases(conn) == len(forward) == len(backward) > 10
    assert {c.slug for c in forward} == {c.slug for c in backward}
    coomer = next(c for c in forward if c.slug == "coomer-v-trump-campaign")
    assert coomer.filings > 0 and coomer.quotes > 0 and coomer.latest_activity is not None
