"""The casetrack command: a thin layer over the services.

Heavy modules (SQLAlchemy, Textual, the seed loader) are imported inside the commands that
need them, so ``casetrack --help`` starts fast. Exit codes: 0 found, 1 not found or failed,
2 bad usage. Data goes to stdout, errors to stderr, one line each.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from casetrack import quickcli
from casetrack import vocab as vocabularies
from casetrack.output import date_text, echo_csv, echo_json, emit
from casetrack.vocab import label

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlmodel import Session

    from casetrack.db import Target

T = TypeVar("T")


def _text_options_without_pydantic() -> None:
    """Typer coerces each parameter through a pydantic TypeAdapter, built the first time the
    parameter is processed (even when it was not given): any command with options imports
    pydantic, about 0.1 s of a cold start. A text option's value is already the text it
    coerces to, and a flag's already a bool, so these (``str``, ``str | None``, ``bool``) keep
    a value of that type as it is; anything else goes through Typer's own coercion, with its
    own errors. tests/test_cli.py checks that the hot commands import no pydantic.
    """
    from dataclasses import dataclass

    try:
        from typer import core
        from typer._coercion import RuntimeParam, build_runtime_param, resolve_type_descriptor

        typer_get = core._TyperParameter.get_runtime_param
    except (ImportError, AttributeError):  # another Typer: it coerces as it does
        return

    plain = {str: str, str | None: str, bool: bool}

    @dataclass(frozen=True)
    class PlainRuntimeParam(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if type(value) is plain[self.annotation]:
                return value
            descriptor = resolve_type_descriptor(self.annotation, self.parameter_info)
            return build_runtime_param(descriptor)._coerce_value(value, param=param, ctx=ctx)

    def get_runtime_param(self: Any) -> Any:
        descriptor = self.type_descriptor
        if self._runtime_param is None and descriptor.file_annotation is None and descriptor.annotation in plain:
            self._runtime_param = PlainRuntimeParam(descriptor.parameter_info, descriptor.annotation)
        return typer_get(self)

    core._TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]


_text_options_without_pydantic()

app = typer.Typer(
    name="casetrack",
    help=(
        "Track the defamation and sanctions litigation over the 2020 voting-machine claims.\n\n"
        "Run with no command to open the terminal UI.\n\n"
        "Example: casetrack cases --kind defamation --json"
    ),
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(
    help="Create, migrate and locate the database.\n\nExample: casetrack db upgrade", no_args_is_help=True
)
seed_app = typer.Typer(
    help="Check and load the seed files.\n\nExample: casetrack seed validate && casetrack seed load",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")
app.add_typer(seed_app, name="seed")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH_OR_URL",
        help="Database file or SQLAlchemy URL. Default: $CASETRACK_DB, else a file in the user data directory.",
    ),
]


def _print_version(value: bool) -> None:
    if value:
        from casetrack import __version__

        typer.echo(f"casetrack {__version__}")
        raise typer.Exit()


VersionOption = Annotated[
    bool,
    typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Write JSON to stdout, for scripts.")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Write CSV to stdout, for spreadsheets.")]


# --- plumbing --------------------------------------------------------------------------


def _target(ctx: typer.Context) -> Target:
    from casetrack.db import resolve_target

    root = ctx.find_root()
    return resolve_target(root.params.get("db"))


@contextmanager
def _connection(ctx: typer.Context) -> Iterator[Connection]:
    """A plain connection, for commands that need no ORM session (the case list)."""
    from casetrack.bootstrap import open_for_reading

    engine = open_for_reading(_target(ctx))
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


@contextmanager
def _session(ctx: typer.Context) -> Iterator[Session]:
    from sqlmodel import Session

    from casetrack.bootstrap import open_for_reading

    engine = open_for_reading(_target(ctx))
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def _emit(*args: Any, as_json: bool, as_csv: bool = False, **options: Any) -> None:
    """:func:`casetrack.output.emit`, with --json and --csv given together a usage error."""
    if as_json and as_csv:
        raise typer.BadParameter("choose one of --json and --csv")
    emit(*args, as_json=as_json, as_csv=as_csv, **options)


def _cited(sources: Sequence[Any]) -> str:
    """' [NYT: Trump campaign memo, 21 Sep 2021, ¶33, ¶34; …]': each source by name and places."""
    from casetrack.services import citations

    return f" [{citations(sources)}]" if sources else ""


def _choice(value: str | None, enum: Any, what: str) -> str | None:
    from casetrack.quickcli import BadValue, choice

    try:
        return choice(value, enum, what)
    except BadValue as exc:
        raise typer.BadParameter(str(exc)) from None


# --- root ------------------------------------------------------------------------------


@app.callback()
def root(ctx: typer.Context, db: DbOption = None, version: VersionOption = False) -> None:
    """Track the defamation and sanctions litigation over the 2020 voting-machine claims.

    Run with no command to open the terminal UI on the default database (created, migrated
    and seeded on first run).

    Example: casetrack --db /tmp/news.db cases --json
    """
    if ctx.invoked_subcommand is None:
        _run_tui(ctx)


def _run_tui(ctx: typer.Context) -> None:
    from casetrack.launch import run_tui

    run_tui(ctx.find_root().params.get("db"))


@app.command()
def tui(ctx: typer.Context) -> None:
    """Open the terminal UI (the same as running casetrack with no command).

    Example: casetrack --db newsroom.db tui
    """
    _run_tui(ctx)


# --- db --------------------------------------------------------------------------------


@db_app.command("path")
def db_path(ctx: typer.Context) -> None:
    """Print which database casetrack uses, and why.

    Example: casetrack db path
    """
    target = _target(ctx)
    typer.echo(target.display())


def _echo_revision(target: Target) -> None:
    from casetrack.db import make_engine, schema_state

    engine = make_engine(target.url)
    try:
        state = schema_state(engine, target)
    finally:
        engine.dispose()
    typer.echo(f"{target.display()}: at revision {state.current or 'base'} (head {state.head})")


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context, revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Create the database if needed and migrate it to REVISION (default: the latest).

    Example: casetrack --db /tmp/x.db db upgrade
    """
    from casetrack.db import upgrade

    target = _target(ctx)
    upgrade(target, revision)
    _echo_revision(target)


@db_app.command("downgrade")
def db_downgrade(
    ctx: typer.Context, revision: Annotated[str, typer.Argument(help="Target revision, or 'base'.")]
) -> None:
    """Migrate the database down to REVISION ('base' removes every table).

    Example: casetrack db downgrade 0001
    """
    from casetrack.db import downgrade

    target = _target(ctx)
    downgrade(target, revision)
    _echo_revision(target)


@db_app.command("current")
def db_current(ctx: typer.Context) -> None:
    """Print the database's revision and whether it is up to date.

    Example: casetrack db current
    """
    from casetrack.db import DatabaseError, make_engine, schema_state

    target = _target(ctx)
    path = target.sqlite_path
    if path is not None and not path.exists():
        raise DatabaseError(f"no database at {path}; create it with: casetrack db upgrade")
    engine = make_engine(target.url, read_only=path is not None)
    try:
        state = schema_state(engine, target)
    finally:
        engine.dispose()
    note = "up to date" if state.is_current else "behind; run: casetrack db upgrade"
    typer.echo(f"{state.current or 'base (empty)'} (head {state.head}): {note}")
    if not state.is_current:
        raise typer.Exit(1)


# --- seed ------------------------------------------------------------------------------

SeedDir = Annotated[
    Path | None, typer.Argument(help="Seed directory (default: the bundled seed/).", show_default=False)
]


def _seed_dir(directory: Path | None) -> Path:
    from casetrack.bootstrap import bundled_seed_dir

    return directory if directory is not None else bundled_seed_dir()


def _compile(directory: Path, *, as_json: bool = False) -> Any:
    from casetrack.seed.compile import SeedErrors, compile_seed

    try:
        return compile_seed(directory)
    except SeedErrors as exc:
        if as_json:
            echo_json({"ok": False, "errors": [issue.to_json() for issue in exc.issues]})
        else:
            for issue in exc.issues:
                typer.echo(str(issue), err=True)
        typer.echo(f"seed: {len(exc.issues)} problem(s); nothing was written", err=True)
        raise typer.Exit(1) from None


@contextmanager
def _json_errors(as_json: bool) -> Iterator[None]:
    """With --json, an error is also written to stdout as {"ok": false, "errors": [...]}."""
    from casetrack.errors import CasetrackError

    try:
        yield
    except CasetrackError as exc:
        if as_json:
            echo_json({"ok": False, "errors": [{"message": str(exc)}]})
        raise


@seed_app.command("validate")
def seed_validate(directory: SeedDir = None, as_json: JsonOption = False) -> None:
    """Check every seed file and report all problems at once, as file:line:column: field: message.

    Example: casetrack seed validate seed/
    """
    bundle = _compile(_seed_dir(directory), as_json=as_json)
    counts = bundle.counts()
    if as_json:
        echo_json({"ok": True, "files": bundle.files, "records": counts})
        return
    shown = ", ".join(f"{n} {t}" for t, n in counts.items() if n)
    typer.echo(f"seed: {bundle.files} files OK ({shown})")


@seed_app.command("load")
def seed_load(
    ctx: typer.Context,
    directory: SeedDir = None,
    prune: Annotated[bool, typer.Option("--prune", help="Delete records that are no longer in the seed.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary line.")] = False,
    as_json: JsonOption = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="With --prune: delete without asking, however many records.")
    ] = False,
) -> None:
    """Validate the seed, then upsert it by slug in one transaction (all or nothing).

    --prune asks before deleting on a terminal; elsewhere it refuses to delete more than a tenth of
    the records unless given --yes.

    Example: casetrack --db /tmp/s.db seed load --dry-run
    """
    from casetrack.bootstrap import open_for_writing
    from casetrack.seed.load import load_bundle

    folder = _seed_dir(directory)
    bundle = _compile(folder, as_json=as_json)
    with _json_errors(as_json):
        engine = open_for_writing(_target(ctx))
        try:
            report = load_bundle(
                engine,
                bundle,
                prune=prune,
                dry_run=dry_run,
                seed_dir=folder,
                confirm_prune=None if yes else _confirm_prune,
            )
        finally:
            engine.dispose()
    if as_json:
        echo_json({"ok": True, **report.to_json(), "dry_run": dry_run, "load": report.load_id})
        return
    for line in report.lines(verbose=not quiet):
        typer.echo(line)
    if dry_run:
        typer.echo("dry run: nothing was written")


@seed_app.command("schema")
def seed_schema(
    directory: Annotated[
        Path | None,
        typer.Argument(help="Where to write them (default: schema/ in the bundled seed).", show_default=False),
    ] = None,
) -> None:
    """Write a JSON Schema for each kind of seed file, for editors (yaml-language-server).

    Example: casetrack seed schema seed/schema
    """
    from casetrack.seed.schema import write_schemas

    target = directory if directory is not None else _seed_dir(None) / "schema"
    for path in write_schemas(target):
        typer.echo(f"wrote {path}")


@seed_app.command("new")
def seed_new(
    kind: Annotated[str, typer.Argument(help="case, party, filing, ruling or quote.")],
    slug: Annotated[str, typer.Argument(help="The new record's slug.")],
    case: Annotated[str | None, typer.Option(help="The case a filing, ruling or quote is in.")] = None,
    seed: Annotated[Path | None, typer.Option(help="Seed directory (default: the bundled seed/).")] = None,
) -> None:
    """Write a commented stub for a new record into the right seed file; fill in its TODOs.

    Example: casetrack seed new filing coomer-reply-brief --case coomer-v-trump-campaign
    """
    from casetrack.seed.stubs import write_stub

    path = write_stub(_seed_dir(seed), kind, slug, case)
    typer.echo(f"wrote a {kind} stub to {path}; fill in its TODOs, then run: casetrack seed validate")


#: Without --yes, --prune run by a script deletes at most this share of the records.
PRUNE_SHARE = 0.10


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def _confirm_prune(report: Any) -> None:
    """Ask before --prune deletes; a script may delete only a few records without --yes."""
    from casetrack.seed.load import PruneDeclined, listed

    n, total = report.n_removed, report.n_existing
    if _interactive():
        for table, slugs in report.removed.items():
            for line in listed("to delete: ", table, slugs):
                typer.echo(line, err=True)
        if not typer.confirm(f"Delete these {n} of the {total} records?", default=False, err=True):
            raise PruneDeclined("--prune: nothing was deleted or written")
        return
    if n > PRUNE_SHARE * total:
        raise PruneDeclined(
            f"--prune would delete {n} of the {total} records, more than a tenth; nothing was written "
            "(check the seed folder, or add --yes to delete them)"
        )


# --- reading ---------------------------------------------------------------------------


@app.command()
def vocab(
    name: Annotated[str | None, typer.Argument(help="One vocabulary, e.g. filing.kind.", show_default=False)] = None,
    as_json: JsonOption = False,
) -> None:
    """List every vocabulary (the values a kind:, role:, status: ... may take), with its labels.

    Example: casetrack vocab filing.kind
    """
    import difflib

    from casetrack.errors import CasetrackError

    chosen = vocabularies.ALL_VOCABULARIES
    if name is not None:
        if name not in chosen:
            close = difflib.get_close_matches(name, list(chosen), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (one of {', '.join(chosen)})"
            raise CasetrackError(f"no vocabulary {name!r}{hint}")
        chosen = {name: chosen[name]}
    if as_json:
        echo_json({key: [{"value": v.value, "label": label(v.value)} for v in enum] for key, enum in chosen.items()})
        return
    for i, (key, enum) in enumerate(chosen.items()):
        if i:
            typer.echo("")
        typer.echo(key)
        width = max(len(v.value) for v in enum)
        for v in enum:
            typer.echo(f"  {v.value:<{width}}  {label(v.value)}")


@app.command()
def cases(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(help=", ".join(vocabularies.CaseKind))] = None,
    status: Annotated[str | None, typer.Option(help="Current status, e.g. pending, settled, disbarred.")] = None,
    name: Annotated[str | None, typer.Option(help="Only cases whose name contains this text.")] = None,
    sort: Annotated[str, typer.Option(help=f"A column, as headed: {', '.join(quickcli.SORT_HEADERS)}.")] = "case",
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Sort the other way.")] = False,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List cases with their court, current status and counts.

    Example: casetrack cases --kind defamation --sort latest --reverse --csv
    """
    try:
        query = quickcli.cases_query(
            kind=kind, status=status, name=name, sort=sort, reverse=reverse, as_json=as_json, as_csv=as_csv
        )
    except quickcli.BadValue as exc:
        raise typer.BadParameter(str(exc)) from None
    with _connection(ctx) as conn:
        quickcli.write_cases(conn, query, as_json=as_json, as_csv=as_csv)


@app.command()
def case(ctx: typer.Context, slug: str, as_json: JsonOption = False) -> None:
    """Show one case: caption, court, status, timeline, parties and quotes.

    Example: casetrack case coomer-v-trump-campaign --json
    """
    from casetrack import services

    with _session(ctx) as session:
        detail = services.get_case(session=session, slug=slug)
        timeline = services.case_timeline(session=session, slug=slug)
        parties = services.case_parties(session=session, slug=slug)
        quotes = services.list_quotes(session=session, case=slug)
    if as_json:
        echo_json({"case": detail, "timeline": timeline, "parties": parties, "quotes": quotes})
        return
    out = typer.echo
    out(detail.case_name)
    out(
        f"  {label(detail.kind)} · {detail.court or 'no court'}"
        + (f" · No. {detail.docket_number}" if detail.docket_number else "")
    )
    if detail.judges:
        out(f"  Judge: {', '.join(detail.judges)}")
    if detail.parent:
        out(f"  Arises from: {detail.parent_name or detail.parent}")
    if detail.children:
        out(f"  Related matters: {', '.join(detail.children_names)}")
    if detail.status:
        st = detail.status
        out(f"  Status: {label(st.status)} as of {st.as_of.display()}{_cited(st.sources)}")
    if detail.summary:
        out(f"\n{detail.summary.strip()}")
    out("\nTimeline")
    for entry in timeline:
        shared = f" (also in {', '.join(entry.also_in_names)})" if entry.also_in_names else ""
        out(f"  {date_text(entry.date, 'undated'):<16} {entry.kind:<10} {entry.title}{shared}{_cited(entry.sources)}")
    out("\nParties")
    for p in parties:
        extra = f" for {p.for_party_name}" if p.for_party_name else ""
        out(f"  {label(p.role):<20} {p.party_name}{extra}{_cited(p.sources)}")
    out(f"\nQuotes ({len(quotes)})")
    for q in quotes:
        out(f"  “{q.text}” — {q.speaker_name} ({label(q.setting)}){_cited([q.source])}")


@app.command()
def quotes(
    ctx: typer.Context,
    case: Annotated[str | None, typer.Option("--case", help="Only quotes bearing on this case (slug).")] = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Only quotes by this person or organization (slug).")
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List quotes with speaker, setting, date, case and source.

    Example: casetrack quotes --speaker rudolph-giuliani --json
    """
    from casetrack import services

    with _session(ctx) as session:
        items = services.list_quotes(session=session, case=case, speaker=speaker)
    _emit(
        items,
        ["slug", "speaker", "setting", "date", "case", "text", "source"],
        lambda q: [
            q.slug,
            q.speaker_name,
            label(q.setting),
            date_text(q.date, "undated"),
            q.case_short_name or "",
            q.text,
            q.source.display(),
        ],
        as_json=as_json,
        as_csv=as_csv,
        empty="no quotes match",
    )


@app.command()
def people(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(help=", ".join(vocabularies.PartyKind))] = None,
    name: Annotated[str | None, typer.Option(help="Only names containing this text.")] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List people and organizations with how many cases and quotes each has.

    Example: casetrack people --kind person --csv
    """
    from casetrack import services

    kind_value = _choice(kind, vocabularies.PartyKind, "kind")
    with _session(ctx) as session:
        items = services.list_parties(session=session, kind=kind_value, text=name)
    _emit(
        items,
        ["slug", "name", "kind", "cases", "quotes", "description"],
        lambda p: [p.slug, p.name, p.kind, p.cases, p.quotes, p.description],
        as_json=as_json,
        as_csv=as_csv,
        empty="no people or organizations match",
    )


@app.command()
def person(ctx: typer.Context, slug: str, as_json: JsonOption = False) -> None:
    """Show a person or organization: every case and role, and everything they said.

    Example: casetrack person sidney-powell
    """
    from casetrack import services

    with _session(ctx) as session:
        detail = services.get_party(session=session, slug=slug)
    if as_json:
        echo_json(detail)
        return
    typer.echo(f"{detail.name} ({detail.kind})")
    if detail.description:
        typer.echo(f"  {detail.description}")
    typer.echo("\nCases")
    for r in detail.roles:
        extra = f" for {r.for_party_name}" if r.for_party_name else ""
        typer.echo(f"  {r.case_short_name:<40} {label(r.role)}{extra}")
    if detail.sanctions:
        typer.echo("\nSanctions")
        for s in detail.sanctions:
            typer.echo(f"  {s}")
    typer.echo(f"\nQuotes ({len(detail.quotes)})")
    for q in detail.quotes:
        typer.echo(f"  “{q.text}” ({label(q.setting)}, {q.case_short_name or 'no case'}){_cited([q.source])}")


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Words to find; any punctuation is taken literally.")],
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many results.")] = 20,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help="quote, filing, ruling, event, case or party; repeat for several."),
    ] = None,
    case: Annotated[str | None, typer.Option("--case", help="Only what belongs to this case (slug).")] = None,
    speaker: Annotated[
        str | None,
        typer.Option("--speaker", help="Only quotes by this person or organization (slug), or court/..., counsel/..."),
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Full-text search over quotes, filings, rulings, events, cases and people. A person or case
    whose name has every word comes first, then that person's own quotes (found by speaker,
    whatever their words), then the other matches, best first. Quote hits carry their
    speaker and date. No match: exit code 1.

    Example: casetrack search Giuliani --kind quote --json
    """
    from casetrack import search as searching

    with _session(ctx) as session:
        narrow = searching.filters(session=session, kinds=kind, case=case, speaker=speaker)
        hits = searching.search(text, session=session, limit=limit, filters=narrow)
    _emit(
        hits,
        ["kind", "slug", "title", "said by", "setting", "date", "case", "source", "snippet"],
        lambda h: [
            h.kind,
            h.slug,
            h.title,
            h.speaker or "",
            label(h.setting) if h.setting else "",
            date_text(h.date, "" if h.kind in ("party", "case") else "undated"),
            h.case_name or h.case or "",
            h.source.display() if h.source else "",
            h.snippet,
        ],
        as_json=as_json,
        as_csv=as_csv,
        empty="no matches",
    )
    if not hits:
        raise typer.Exit(1)


@app.command()
def timeline(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="From this date: 2021-09, Sep 2021, 2020-11-01.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="To the end of this date: --to 2021-09 takes all Sep.")
    ] = None,
    case: Annotated[
        str | None, typer.Option("--case", help="Only the entries of this case (slug, or its short name).")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help="event, filing, deposition, ruling, status or quote; repeat for several."),
    ] = None,
    party: Annotated[
        str | None,
        typer.Option("--party", help="Only the cases this party is in, and its own quotes, filings and sanctions."),
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """What happened across every case, by date: filings, depositions, rulings, events, status
    changes and quotes. A month or a range counts wherever it overlaps the dates asked for;
    undated entries come last, and drop out when --from or --to is given.

    Example: casetrack timeline --from 2021-09 --to 2021-09 --json
    """
    from casetrack import chronology

    win = chronology.window(since, until)
    kinds = [k.strip().lower() for k in kind] if kind else None
    with _session(ctx) as session:
        items = chronology.chronology(
            session=session, start=win.start, end=win.end, case_slug=case, kinds=kinds, party=party, with_sources=True
        )
    from casetrack.services import citations

    _emit(
        items,
        ["date", "kind", "type", "case", "what", "said by", "source", "slug"],
        lambda e: [
            e.date.display() if e.date else "undated",
            e.kind,
            label(e.subkind),
            "; ".join(e.case_names),
            e.what,
            e.speaker or "",
            citations(e.sources),
            e.slug,
        ],
        as_json=as_json,
        as_csv=as_csv,
        empty=f"nothing happened from {win.display()}" if since or until else "nothing matches",
    )


@app.command()
def source(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="REF", help="SOURCE:p34, SOURCE:p36-p40, background:B07, or a quote's slug (its words marked)."
        ),
    ],
    context: Annotated[int, typer.Option("--context", "-C", min=0, max=50, help="Paragraphs on each side.")] = 2,
    seed: Annotated[
        Path | None,
        typer.Option("--seed", metavar="DIR", help="Seed folder with the texts (default: bundled)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Print a cited paragraph with its neighbours, and the source's headline, publisher,
    byline and date: the words behind a fact or a quote.

    Example: casetrack source nyt-coomer-memo:p34
    """
    import shutil
    import textwrap

    from casetrack.locators import place, publisher_and_byline
    from casetrack.passage import read_passage, spans

    with _session(ctx) as session:
        passage = read_passage(session=session, ref=ref, seed_dir=_seed_dir(seed), context=context)
    if as_json:
        echo_json(_passage_json(passage))
        return
    color = sys.stdout.isatty()
    width = max(40, min(100, shutil.get_terminal_size((100, 24)).columns) - 8)
    out = typer.echo
    out(typer.style(passage.title, bold=True) if color else passage.title)
    facts: list[str | None] = [*publisher_and_byline(passage.publisher, passage.author)]
    facts += [passage.date.display() if passage.date else None, label(passage.kind)]
    out(" · ".join(f for f in facts if f))
    out(passage.ref + (f" (quote {passage.quote})" if passage.quote else ""))
    for para in passage.paragraphs:
        where = place(para.locator)
        text = para.text
        if color and para.cited:
            for start, end in reversed(spans(text, passage.highlights)):
                text = text[:start] + typer.style(text[start:end], reverse=True) + text[end:]
        lines = textwrap.wrap(text, width) if not color else _wrap_styled(text, width)
        mark = "▶" if para.cited else " "
        out("")
        for i, line in enumerate(lines or [""]):
            out(f"{mark} {where:<5} {line}" if i == 0 else f"        {line}")


def _wrap_styled(text: str, width: int) -> list[str]:
    """Wrap text that holds ANSI styles, measuring only the visible characters."""
    import re

    words = re.split(r"(\s+)", text)
    lines: list[str] = []
    line, seen = "", 0
    for word in words:
        visible = len(re.sub(r"\x1b\[[0-9;]*m", "", word))
        if word.isspace():
            if line:
                line += " "
                seen += 1
            continue
        if seen + visible > width and line.strip():
            lines.append(line.rstrip())
            line, seen = "", 0
        line += word
        seen += visible
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _passage_json(passage: Any) -> Any:
    """A passage as JSON: each paragraph with the offsets of the quote's words in it."""
    from casetrack.jsonable import to_jsonable
    from casetrack.passage import spans

    data = to_jsonable(passage)
    for para, raw in zip(data["paragraphs"], passage.paragraphs, strict=True):
        para["highlights"] = [list(s) for s in spans(raw.text, passage.highlights)] if raw.cited else []
    data["ref"] = passage.ref
    return data


@app.command()
def entry(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="KIND", help="filing, ruling, deposition or event.")],
    slug: Annotated[str, typer.Argument(metavar="SLUG", help="The entry's slug (see: casetrack timeline).")],
    as_json: JsonOption = False,
) -> None:
    """One filing, ruling, deposition or event in full: its text, court, who filed it, the
    outcome, its cases, quotes and sources, and what the seed loads changed in it.

    Example: casetrack entry filing coomer-motion-sept-2021
    """
    from casetrack.entry import get_entry

    with _session(ctx) as session:
        item = get_entry(session=session, kind=kind, slug=slug)
    if as_json:
        echo_json(_jsonable_entry(item))
        return
    for line in _entry_lines(item):
        typer.echo(line)


def _jsonable_entry(item: Any) -> Any:
    import dataclasses

    from casetrack.jsonable import to_jsonable

    data = to_jsonable(dataclasses.replace(item, history=()))
    data["sources"] = [{**to_jsonable(ref), "citation": ref.display()} for ref in item.sources]
    data["history"] = [_change_row(c) for c in item.history]
    return data


def _entry_lines(item: Any) -> list[str]:
    """An entry as text: a heading, its facts, then its text, quotes, sources and history."""
    facts = [("Kind", f"{item.kind}: {label(item.subkind)}")]
    facts.append((item.date_label, date_text(item.date, "undated")))
    if item.written:
        facts.append(("Written", date_text(item.written)))
    if item.court:
        facts.append(("Court", item.court))
    facts += [(p.role, p.name) for p in item.people]
    if item.outcome:
        facts.append(("Outcome", label(item.outcome)))
    if item.citation:
        facts.append(("Citation", item.citation))
    if item.location:
        facts.append(("Location", item.location))
    facts.append(("Cases" if len(item.cases) != 1 else "Case", ", ".join(n for _, n in item.cases) or "none"))
    width = max(len(k) for k, _ in facts) + 2
    lines = [item.title, ""] + [f"{k + ':':<{width}}{v}" for k, v in facts]
    lines += ["", item.text or "(no description)"]
    if item.quotes:
        lines += ["", "Quotes:"] + [f"  “{q.text}” — {q.speaker_name} ({q.slug})" for q in item.quotes]
    lines += ["", "Sources:"] + ([f"  {r.display()}" for r in item.sources] or ["  none recorded"])
    lines += ["", "History:"] + ([f"  [load {c.load_id}] {c.sentence}" for c in item.history] or ["  none recorded"])
    return lines


@app.command()
def export(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Write the whole database as JSON (every table, every row, dates with their precision).

    Example: casetrack export -o casetrack.json
    """
    from casetrack.export import write_export

    with _session(ctx) as session:
        if output is None:
            write_export(sys.stdout, session=session)
            return
        _write_file(output, lambda fh: write_export(fh, session=session))
    typer.echo(f"wrote {output}", err=True)


def _write_file(output: Path, write: Callable[[Any], None]) -> None:
    """Write ``output`` whole or not at all: to a temporary file beside it, synced, then renamed
    over it, so a failure part-way (disk full, a size limit, a kill) leaves the previous file.
    A device or pipe (``/dev/stdout``) is written in place."""
    import os
    import tempfile

    from casetrack.errors import CasetrackError

    def fail(reason: str) -> CasetrackError:
        return CasetrackError(f"cannot write {output}: {reason}")

    if str(output) in ("", "."):
        raise CasetrackError("cannot write '': give a file name")
    if output.is_dir():
        raise fail("it is a folder")
    if output.exists() and not output.is_file():
        try:
            with output.open("w", encoding="utf-8") as fh:
                write(fh)
        except OSError as exc:
            raise fail(exc.strerror or type(exc).__name__) from None
        return
    parent = output.parent
    if not parent.is_dir():
        raise fail(f"folder {parent} does not exist")
    if output.exists() and not os.access(output, os.W_OK):
        raise fail("Permission denied")
    if output.exists():
        mode = output.stat().st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, temp = tempfile.mkstemp(dir=parent, prefix=f".{output.name}.", suffix=".tmp")
    except OSError as exc:
        raise fail(exc.strerror or type(exc).__name__) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, mode)
        os.replace(temp, output)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise fail(exc.strerror or type(exc).__name__) from None
        raise


# --- history: changes, loads, following, the feed -------------------------------------------

SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE|LOAD",
        help="Only changes loaded on or after DATE (2025-01-02), from load number LOAD on, or since 'seen'.",
    ),
]
CaseOption = Annotated[str | None, typer.Option("--case", help="Only changes to this case and its records (slug).")]


def _db_key(ctx: typer.Context) -> str:
    """Which database a 'seen' mark belongs to (load numbers differ between databases)."""
    return _target(ctx).display()


CHANGE_COLUMNS = [
    "load",
    "loaded_at",
    "kind",
    "slug",
    "op",
    "field",
    "old",
    "new",
    "case",
    "case_name",
    "sentence",
    "name",  # last: the columns before it keep their places
]


def _change_row(c: Any) -> dict[str, Any]:
    from casetrack.jsonable import timestamp_json

    return {
        "load": c.load_id,
        "loaded_at": timestamp_json(c.loaded_at),
        "kind": c.table,
        "slug": c.slug,
        "name": c.name,
        "op": c.op,
        "field": c.field,
        "old": c.old_value,
        "new": c.new_value,
        "case": c.case_slug,
        "case_name": c.case_name,
        "sentence": c.sentence,
    }


@app.command()
def changes(
    ctx: typer.Context,
    since: SinceOption = None,
    case: CaseOption = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only this kind of record: case, status, filing, quote, ruling...")
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """What the seed loads changed, one sentence per change (a redline), oldest first.

    Example: casetrack changes --since 2025-01-01 --case dominion-v-powell
    """
    from casetrack import history

    if as_json and as_csv:
        raise typer.BadParameter("choose one of --json and --csv")
    watch = history.Watch.read() if since == "seen" else None
    with _session(ctx) as session:
        seen = watch.seen.get(_db_key(ctx)) if watch else None
        items = history.list_changes(session.connection(), since=since, case=case, kind=kind, seen=seen)
    rows = [_change_row(c) for c in items]
    if as_json:
        echo_json(rows)
    elif as_csv:
        echo_csv(CHANGE_COLUMNS, [[r[k] for k in CHANGE_COLUMNS] for r in rows])
    elif items:
        for c in items:
            typer.echo(f"[load {c.load_id}, {c.when}] {c.sentence}")
    else:
        typer.echo("no changes", err=True)


@app.command()
def loads(ctx: typer.Context, as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """Every seed load and bulk import that wrote to this database, with its counts.

    Example: casetrack loads --json
    """
    from casetrack import history

    with _session(ctx) as session:
        items = history.list_loads(session.connection())
    _emit(
        items,
        ["load", "loaded at (UTC)", "kind", "added", "changed", "deleted", "unchanged", "git", "seed folder"],
        lambda ld: [
            ld.id,
            f"{ld.loaded_at:%Y-%m-%d %H:%M:%S}",
            ld.kind,
            ld.added,
            ld.changed,
            ld.deleted,
            ld.unchanged,
            (ld.git_commit or "")[:12] + (" (dirty)" if ld.git_dirty else ""),
            ld.seed_dir,
        ],
        as_json=as_json,
        as_csv=as_csv,
        empty="no loads recorded",
    )


@app.command()
def follow(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(metavar="CASE", help="The case to follow (slug).")],
    note: Annotated[str | None, typer.Option("--note", help="Why you follow it.")] = None,
) -> None:
    """Follow a case: add it to your own watch list (kept in your user data folder), with a note.

    Example: casetrack follow dominion-v-powell --note "settlement talks"
    """
    from casetrack import history, services
    from casetrack.jsonable import timestamp_json

    with _session(ctx) as session:
        detail = services.get_case(session=session, slug=slug)
    watch = history.Watch.read()
    entry = watch.following.get(slug, {})
    entry["since"] = entry.get("since") or timestamp_json(history.now_utc())
    if note is not None:
        entry["note"] = note
    watch.following[slug] = entry
    watch.write()
    typer.echo(f"following {detail.short_name}" + (f": {entry['note']}" if entry.get("note") else ""))


@app.command()
def unfollow(
    slug: Annotated[str, typer.Argument(metavar="CASE", help="The case to stop following (slug).")],
) -> None:
    """Stop following a case.

    Example: casetrack unfollow dominion-v-powell
    """
    from casetrack import history

    watch = history.Watch.read()
    if slug not in watch.following:
        raise history.NotFoundError(f"you do not follow {slug!r}; see: casetrack following")
    del watch.following[slug]
    watch.write()
    typer.echo(f"no longer following {slug}")


@app.command()
def following(ctx: typer.Context, as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """The cases you follow, your notes, and how many changes each has since you last looked.

    Example: casetrack following
    """
    from casetrack import history

    watch = history.Watch.read()
    seen = watch.seen.get(_db_key(ctx), 0)
    slugs = sorted(watch.following)
    with _session(ctx) as session:
        conn = session.connection()
        new = history.list_changes(conn, cases=slugs, seen=seen, since="seen") if slugs else []
    counts: dict[str, int] = {}
    for c in new:
        counts[c.case_slug or ""] = counts.get(c.case_slug or "", 0) + 1
    items = [
        {
            "case": s,
            "note": watch.following[s].get("note"),
            "since": watch.following[s].get("since"),
            "new": counts.get(s, 0),
        }
        for s in slugs
    ]
    _emit(
        items,
        ["case", "new changes", "note", "following since"],
        lambda i: [i["case"], i["new"], i.get("note"), i.get("since")],
        as_json=as_json,
        as_csv=as_csv,
        empty="you follow no cases; start with: casetrack follow CASE --note 'why'",
    )


@app.command()
def seen(ctx: typer.Context) -> None:
    """Mark every change loaded so far as seen ('changes --since seen' and 'following' count from here).

    Example: casetrack seen
    """
    from casetrack import history

    with _session(ctx) as session:
        latest = history.latest_load_id(session.connection())
    watch = history.Watch.read()
    watch.seen[_db_key(ctx)] = latest
    watch.write()
    typer.echo(f"seen up to load {latest}")


@app.command()
def feed(
    ctx: typer.Context,
    case: CaseOption = None,
    followed: Annotated[bool, typer.Option("--followed", help="Only the cases you follow.")] = False,
    limit: Annotated[int, typer.Option(min=1, help="At most this many entries (the newest).")] = 500,
) -> None:
    """Write an Atom feed of the changes to stdout, one entry per change; entry ids stay the same
    across runs, so a feed reader shows each change once.

    Example: casetrack feed --followed > casetrack.atom
    """
    from casetrack import history

    cases = None
    title = "casetrack: changes"
    feed_id = history.FEED_ID
    if followed:
        cases = sorted(history.Watch.read().following)
        title += " to the cases you follow"
        feed_id += ":followed"
    if case is not None:
        title += f" to {case}"
        feed_id += f":case:{case}"
    with _session(ctx) as session:
        items = history.list_changes(session.connection(), case=case, cases=cases, limit=limit)
    sys.stdout.buffer.write(history.atom_feed(items, title=title, feed_id=feed_id))
    sys.stdout.flush()


# --- entry point -----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; user errors print one line on stderr and exit non-zero, never a traceback."""
    from casetrack.launch import guarded

    command = typer.main.get_command(app)
    args = list(sys.argv[1:] if argv is None else argv)
    guarded(args, lambda: _run_command(command, args))


def _run_command(command: Any, args: list[str]) -> None:
    """Run the click command; a usage error (unknown option, bad value) is one line naming
    the command, as every other user error is: "casetrack cases: Invalid value for '--kind':
    unknown kind 'foo'; … (see casetrack cases --help)", exit 2. A group called with no
    command prints its help, as before."""
    try:
        code = command.main(args=args, prog_name="casetrack", standalone_mode=False)
    except typer.Abort:
        sys.stderr.write("casetrack: interrupted\n")
        sys.exit(130)
    except typer.TyperException as exc:  # Typer's own click: usage errors and the like
        if type(exc).__name__ == "NoArgsIsHelpError":
            sys.stderr.write(exc.format_message() + "\n")  # the group's help
            sys.exit(exc.exit_code)
        ctx = getattr(exc, "ctx", None)  # set on usage errors: the command they are about
        where = ctx.command_path if ctx is not None else "casetrack"
        see = f" (see {where} --help)" if ctx is not None else ""
        sys.stderr.write(f"{where}: {' '.join(exc.format_message().split())}{see}\n")
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)  # as click's standalone mode ends
