"""``casetrack cases`` read without Typer (casetrack.quickcli) says what Typer's ``cases`` says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from casetrack import cli, launch, quickcli


def _outcome(capsys: pytest.CaptureFixture[str], run: object) -> tuple[int, str, str]:
    try:
        run()  # type: ignore[operator]
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


#: Command lines that quickcli reads itself (after ``--db URL``).
PLAIN = [
    ["cases"],
    ["cases", "--json"],
    ["cases", "--csv"],
    ["cases", "--kind", "defamation", "--sort", "latest", "-r"],
    ["cases", "--kind=Election challenge", "--status", "failed", "--csv"],
    ["cases", "--name", "v.", "--sort=as-of", "--reverse", "--json"],
    ["cases", "--sort", "Filings", "--name", "Powell"],
    ["cases", "--status", "pending", "--sort", "quotes", "--json"],
    ["cases", "--name", "no such case anywhere"],
    ["cases", "--name", ""],
]


@pytest.mark.parametrize("args", PLAIN, ids=[" ".join(a) or "-" for a in PLAIN])
def test_a_plain_cases_command_gives_what_typers_gives(
    capsys: pytest.CaptureFixture[str], seeded: Engine, db_url: str, args: list[str]
) -> None:
    full = ["--db", db_url, *args]
    quick = quickcli.parse(full)
    assert quick is not None, "quickcli should read this command line itself"
    got = _outcome(capsys, quick)
    typer_says = _outcome(capsys, lambda: cli.main(full))
    assert got == typer_says
    assert got[0] == 0
    assert got[1] or got[2] == "no cases match\n"


#: Command lines that quickcli leaves to Typer, and why.
OTHERS = {
    "help": ["cases", "--help"],
    "unknown option": ["cases", "--bogus"],
    "unknown kind": ["cases", "--kind", "tort"],
    "unknown sort": ["cases", "--sort", "judge"],
    "json and csv": ["cases", "--json", "--csv"],
    "option twice": ["cases", "--kind", "defamation", "--kind", "sanctions"],
    "flag twice": ["cases", "-r", "--reverse"],
    "value like an option": ["cases", "--name", "--json"],
    "missing value": ["cases", "--sort"],
    "flag with a value": ["cases", "--json=yes"],
    "argument": ["cases", "extra"],
    "db twice": ["--db", "x.db", "cases"],
    "version": ["--version"],
    "another command": ["search", "giuliani"],
}


@pytest.mark.parametrize("args", OTHERS.values(), ids=OTHERS.keys())
def test_anything_else_is_left_to_typer_and_says_the_same(
    capsys: pytest.CaptureFixture[str], seeded: Engine, db_url: str, args: list[str]
) -> None:
    full = ["--db", db_url, *args]
    assert quickcli.parse(full) is None
    assert _outcome(capsys, lambda: launch.main(full)) == _outcome(capsys, lambda: cli.main(full))


def test_it_reads_the_db_option_as_click_does(tmp_path: Path) -> None:
    assert quickcli.parse(["cases"]) is not None  # the database from $CASETRACK_DB or the default
    assert quickcli.parse([f"--db={tmp_path / 'a.db'}", "cases", "-r"]) is not None
    for odd in (["--db", "--version", "cases"], ["--db=", "cases"], ["--db"], ["--db", "a.db"], []):
        assert quickcli.parse(odd) is None, odd


def test_its_options_are_the_cases_commands() -> None:
    """A new option of ``cases`` has to be taught to quickcli (or it falls back to Typer for
    every command line that uses it: correct, but slower)."""
    import typer

    group = typer.main.get_command(cli.app)
    command = group.commands["cases"]  # type: ignore[attr-defined]
    options = {opt: p.name for p in command.params if not p.is_flag for opt in p.opts}
    flags = {opt: p.name for p in command.params if p.is_flag for opt in p.opts if opt != "--help"}
    assert options == quickcli.VALUE_OPTIONS
    assert flags == quickcli.FLAGS
    root_values = {opt for p in group.params if not p.is_flag for opt in p.opts}
    assert root_values == {"--db"}, "a new root option that takes a value: teach quickcli.parse"


def test_errors_on_the_quick_path_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    code, out, err = _outcome(capsys, lambda: launch.main(["--db", str(missing), "cases"]))
    assert (code, out) == (1, "")
    assert err == f"casetrack: no database at {missing}; create it with: casetrack --db PATH db upgrade\n"
    assert _outcome(capsys, lambda: cli.main(["--db", str(missing), "cases"])) == (code, out, err)


def _imported(db_url: str, args: list[str], home: Path) -> tuple[str, set[str]]:
    """What ``casetrack --db db_url ARGS`` writes, and which heavy packages it imported."""
    code = (
        "import sys\n"
        "from casetrack import launch\n"
        f"launch.main(['--db', {db_url!r}, *{args!r}])\n"
        "heavy = ('typer', 'click', 'pydantic', 'sqlmodel', 'textual', 'sqlalchemy')\n"
        "sys.stderr.write(' '.join(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env)
    assert done.returncode == 0, done.stderr
    assert "coomer-v-trump-campaign" in done.stdout
    return done.stdout, set(done.stderr.split())


def test_the_quick_path_imports_no_argument_parser(seeded: Engine, db_url: str, tmp_path: Path) -> None:
    _, imported = _imported(db_url, ["cases", "--sort", "latest", "--json"], tmp_path)
    assert imported == {"sqlalchemy"}


def test_the_whole_list_on_sqlite_imports_no_sqlalchemy(seeded: Engine, db_url: str, tmp_path: Path) -> None:
    """``cases`` as the list opens (a table, CSV or JSON) is read with sqlite3 alone
    (casetrack.firstpage), and writes what the SQLAlchemy path writes."""
    # A file's path, as people give it (a sqlite:/// URL is read with SQLAlchemy's URL parser).
    db = db_url.removeprefix("sqlite:///")
    for form in ([], ["--json"], ["--csv"]):
        out, imported = _imported(db, ["cases", *form], tmp_path)
        usual, _ = _imported(db, ["cases", *form, "--name", ""], tmp_path)
        assert out == usual, form  # a filter that keeps every case: read through SQLAlchemy
        assert imported == (set() if db != db_url else {"sqlalchemy"}), form
