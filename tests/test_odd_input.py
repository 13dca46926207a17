"""Odd input on the command line: bytes that are not UTF-8, lone surrogates, wildcards, bad
database URLs, a server that never answers. Each gives one line and a non-zero exit, never a
traceback, and writes nothing."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import make_url

from casetrack import db
from casetrack.seed.compile import Bundle
from casetrack.seed.load import load_bundle
from tests.test_cli import one_line_error, run

#: The commands that take free text from the user, each with a place for it.
TEXT_ARGS = [
    ["case", "{}"],
    ["person", "{}"],
    ["cases", "--name", "{}"],
    ["people", "--name", "{}"],
    ["quotes", "--case", "{}"],
    ["quotes", "--speaker", "{}"],
    ["search", "{}"],
    ["search", "x", "--speaker", "{}"],
    ["timeline", "--from", "{}"],
    ["timeline", "--party", "{}"],
    ["timeline", "--case", "{}"],
    ["source", "{}"],
]


def _with(template: list[str], value: str) -> list[str]:
    return [value if part == "{}" else part for part in template]


@pytest.fixture(scope="module")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory, bundle: Bundle) -> str:
    """One seeded SQLite file for the module: arguments are checked before any backend is used,
    and no command here writes."""
    target = db.Target(f"sqlite:///{tmp_path_factory.mktemp('odd') / 'seeded.db'}", "--db")
    db.upgrade(target)
    engine = db.make_engine(target.url)
    load_bundle(engine, bundle)
    engine.dispose()
    return target.url


@pytest.mark.parametrize("template", TEXT_ARGS, ids=[" ".join(t) for t in TEXT_ARGS])
@pytest.mark.parametrize("bad", ["ab\udcffcd", "\ud800"], ids=["invalid-utf8", "lone-surrogate"])
def test_text_that_is_not_utf8_is_one_line(capsys, seeded_sqlite: str, template: list[str], bad: str) -> None:
    code, out, err = run(capsys, "--db", seeded_sqlite, *_with(template, bad))
    assert code == 2 and out == ""
    shown = bad.encode("utf-8", "backslashreplace").decode()
    assert one_line_error(err) == f"casetrack: argument '{shown}' is not valid UTF-8 text"


def test_bytes_that_are_not_utf8_from_a_real_command_line(seeded_sqlite: str) -> None:
    result = subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"casetrack", b"--db", os.fsencode(seeded_sqlite), b"case", b"ab\xffcd"],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == b"casetrack: argument 'ab\\udcffcd' is not valid UTF-8 text\n"


def test_name_wildcards_match_only_themselves(capsys, seeded_sqlite: str) -> None:
    for args in (["cases", "--name", "%"], ["cases", "--name", "_"], ["people", "--name", "%"]):
        code, out, err = run(capsys, "--db", seeded_sqlite, *args, "--json")
        assert code == 0, err
        assert json.loads(out) == [], args


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql+psycopg://h:notaport/db", "not a database URL: postgresql+psycopg://h:notaport/db"),
        ("mysql://user@host/db", "casetrack works with SQLite and PostgreSQL databases, not mysql: mysql://user@host/db"),
        ("postgresql+nosuchdriver://h/db", "unknown database driver 'postgresql+nosuchdriver' in postgresql+nosuchdriver://h/db"),
        ("nosuchdb://h/db", "casetrack works with SQLite and PostgreSQL databases, not nosuchdb: nosuchdb://h/db"),
    ],
)  # fmt: skip
def test_bad_database_urls_are_one_line(capsys, url: str, message: str) -> None:
    for args in (["cases"], ["db", "upgrade"], ["seed", "load"]):
        code, _, err = run(capsys, "--db", url, *args)
        assert code == 2, (url, args, err)
        assert one_line_error(err) == f"casetrack: {message}"


def test_a_driver_that_is_not_installed_is_one_line(capsys) -> None:
    pytest.importorskip("psycopg")
    try:
        import psycopg2  # noqa: F401

        pytest.skip("psycopg2 is installed here")
    except ImportError:
        pass
    code, _, err = run(capsys, "--db", "postgresql+psycopg2://u@127.0.0.1/db", "cases")
    assert code == 1
    assert one_line_error(err) == "casetrack: the database driver psycopg2 is not installed (psycopg2 is missing)"


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


def test_a_postgresql_server_that_never_answers_times_out_on_one_line(capsys, monkeypatch, silent_server) -> None:
    monkeypatch.setattr(db, "CONNECT_TIMEOUT_S", 2)  # libpq's least
    url = f"postgresql+psycopg://u@127.0.0.1:{silent_server}/db"
    code, _, err = run(capsys, "--db", url, "cases")
    assert code == 1
    where = f"postgresql+psycopg://u@127.0.0.1:{silent_server}/db"
    assert one_line_error(err) == f"casetrack: database server for {where} did not answer within 2 s"


# --- fuzz: any text, surrogates included, in every free-text argument ------------------------

#: Any code point a command line can carry (not NUL), surrogates made common, and LIKE and
#: FTS syntax characters.
ODD_TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=[], exclude_characters="\x00"),
        st.characters(categories=["Cs"]),
        st.sampled_from(list("%_\\'\"*-:^()[]{}.,;/ ")),
    ),
    max_size=20,
)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(template=st.sampled_from(TEXT_ARGS), value=ODD_TEXT, as_json=st.booleans())
def test_any_text_argument_gives_output_or_one_line(
    capsys, seeded_sqlite: str, template: list[str], value: str, as_json: bool
) -> None:
    args = _with(template, value) + (["--json"] if as_json else [])
    code, out, err = run(capsys, "--db", seeded_sqlite, *args)
    assert code in (0, 1, 2), (args, err)
    if code == 2 and err.startswith("Usage:"):
        # A value that reads as an option (-0, --x): the usage error click gives every bad usage.
        assert "Traceback" not in err
        assert err.strip().splitlines()[-1].startswith("Error: ") and out == "", (args, err)
    elif code == 1 and as_json and out == "[]\n":
        assert err == ""  # a --json search that finds nothing: an empty list, exit 1
    elif code:
        one_line_error(err)
        assert out == "", args
    elif as_json:
        json.loads(out)
    assert Path(make_url(seeded_sqlite).database or "").exists()


def test_upgrade_refuses_another_applications_database(capsys, db_url: str) -> None:
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
        conn.execute(text("INSERT INTO notes VALUES (1, 'mine')"))
    code, out, err = run(capsys, "--db", db_url, "db", "upgrade")
    assert code == 1 and out == ""
    shown = db.Target(db_url, "--db").display()
    assert one_line_error(err) == (
        f"casetrack: database {shown} holds tables that are not casetrack's (notes); "
        "casetrack adds its tables only to an empty database"
    )
    assert inspect(engine).get_table_names() == ["notes"]
    engine.dispose()
