"""casetrack's benchmark suite: one table, each figure against a baseline measured in the same run.

    python benchmarks/run.py            # default sizes (100,000 cases...); the large DB is cached
    python benchmarks/run.py --quick    # small sizes, under a minute
    python benchmarks/run.py --rebuild  # regenerate the cached databases and seed files

Generated files live in benchmarks/out/ (git-ignored); the large database is rebuilt only when
the generator, the sizes, the seed number or the migrations change. Results are also written
to benchmarks/out/results-{quick,full}.json.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import (  # noqa: E402
    DEFAULT,
    QUICK,
    Corpus,
    Sizes,
    cases_for_files,
    generate,
    write_database,
    write_seed_files,
)
from casetrack import db  # noqa: E402
from casetrack.bulk import ORDER, bulk_import, rows_from_bundle  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
SEED = ROOT / "seed"
SIZE = (120, 40)


@dataclass
class Row:
    measurement: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    target: str = ""
    passed: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None


def log(text: str) -> None:
    print(f"  … {text}", file=sys.stderr, flush=True)


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def migrated(path: Path) -> Path:
    db.upgrade(db.Target(f"sqlite:///{fresh(path)}", "--db"))
    return path


def engine_for(path: Path, *, read_only: bool = False) -> Any:
    return db.make_engine(f"sqlite:///{path}", read_only=read_only)


# --- the cached large database ---------------------------------------------------------------


def _cache_key(sizes: Sizes, seed: int) -> str:
    h = hashlib.sha256()
    for path in [ROOT / "benchmarks" / "generate.py", ROOT / "benchmarks" / "words.py",
                 *sorted((ROOT / "migrations" / "versions").glob("*.py"))]:  # fmt: skip
        h.update(path.read_bytes())
    h.update(repr((sizes, seed)).encode())
    return h.hexdigest()[:16]


def large_database(name: str, sizes: Sizes, seed: int, rebuild: bool) -> dict[str, Any]:
    """The generated database (built, or reused when nothing it depends on changed) and its facts."""
    path, meta_path = OUT / f"{name}.db", OUT / f"{name}.json"
    key = _cache_key(sizes, seed)
    if not rebuild and path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("key") == key:
            meta["cached"] = True
            return meta
    log(f"generating {name} database ({sizes.cases:,} cases, {sizes.filings:,} filings)")
    started = time.perf_counter()
    corpus = generate(sizes, seed)
    generated = time.perf_counter() - started
    log(f"generated {corpus.total:,} rows in {generated:.1f}s; bulk importing")
    report = write_database(path, corpus)
    with sqlite3.connect(path) as conn:  # the schema's statistics are left as the normal path leaves them
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    meta = {
        "key": key, "path": str(path), "rows": corpus.total, "counts": corpus.counts(),
        "largest_case": corpus.largest_case, "largest_timeline": corpus.largest_timeline,
        "queries": corpus.queries, "generate_seconds": generated, "import_seconds": report.seconds,
        "import_rows_per_second": report.rows_per_second, "import_phases": report.phases,
        "bytes": path.stat().st_size,
    }  # fmt: skip
    meta_path.write_text(json.dumps(meta, indent=1))
    meta["cached"] = False
    return meta


def seed_database() -> Path:
    from casetrack.seed.compile import compile_seed
    from casetrack.seed.load import load_bundle

    path = migrated(OUT / "bundled-seed.db")
    engine = engine_for(path)
    load_bundle(engine, compile_seed(SEED))
    engine.dispose()
    return path


# --- bulk import -------------------------------------------------------------------------------


def _plain_executemany(path: Path, corpus: Corpus, *, bare: bool) -> float:
    """What a script would do: sqlite3 executemany of every table in one transaction."""
    conn = sqlite3.connect(path)
    if bare:  # the floor: tables with only their PRIMARY KEY, UNIQUE and CHECK constraints
        objects = conn.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index') AND sql IS NOT NULL"
        ).fetchall()
        for kind, name in objects:
            conn.execute(f"DROP {kind} {name}")
        conn.commit()
    started = time.perf_counter()
    with conn:
        for table, rows in corpus.rows().items():  # the schema's tables, in dependency order
            cols = rows.columns
            sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            conn.executemany(sql, rows.rows)
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def bench_bulk(sizes: Sizes, seed: int) -> list[Row]:
    corpus = generate(sizes, seed)
    n = corpus.total
    log(f"bulk import of {n:,} rows, and plain executemany of the same rows")
    template = migrated(OUT / "bulk-template.db")

    def copy(name: str) -> Path:
        target = fresh(OUT / f"bulk-{name}.db")
        shutil.copy(template, target)
        return target

    def bulk(name: str, **options: Any) -> float:
        engine = engine_for(copy(name))
        try:
            return float(bulk_import(engine, corpus.rows(), **options).seconds)
        finally:
            engine.dispose()

    fast = bulk("default")
    triggers = bulk("triggers", fts="triggers")
    bare = _plain_executemany(copy("plain-bare"), corpus, bare=True)
    schema = _plain_executemany(copy("plain-schema"), corpus, bare=False)
    for name in ("default", "triggers", "plain-bare", "plain-schema"):
        fresh(OUT / f"bulk-{name}.db")
    note = f"{n:,} rows, {sizes.cases:,} cases"
    return [
        Row("bulk import (casetrack.bulk)", n / fast, "rows/s", n / bare,
            "sqlite3 executemany, tables without indexes/FTS triggers", "≥ 0.40", n / fast >= 0.4 * n / bare, note),
        Row("bulk import (casetrack.bulk)", n / fast, "rows/s", n / schema,
            "sqlite3 executemany into the migrated schema", "", None, note),
        Row("bulk import keeping the FTS triggers", n / triggers, "rows/s", n / bare,
            "sqlite3 executemany, tables without indexes/FTS triggers", "", None, "fts='triggers'"),
    ]  # fmt: skip


# --- seed load ---------------------------------------------------------------------------------


def _seed_rows(directory: Path, label: str, files_note: str) -> Row:
    """validate + load (the `casetrack seed load` path) against plain executemany of the same rows."""
    from casetrack.seed.compile import compile_seed
    from casetrack.seed.load import load_bundle

    path = migrated(OUT / "seed-load.db")
    engine = engine_for(path)
    started = time.perf_counter()
    bundle = compile_seed(directory)
    validated = time.perf_counter()
    load_bundle(engine, bundle)
    done = time.perf_counter()
    engine.dispose()
    rows = rows_from_bundle(bundle)
    n = sum(len(list(r.rows)) for r in rows.values())
    plain = migrated(OUT / "seed-plain.db")
    conn = sqlite3.connect(plain)
    start_plain = time.perf_counter()
    with conn:
        for table in ORDER:
            if table in rows:
                cols = rows[table].columns
                sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
                conn.executemany(sql, [tuple(_plain(v) for v in r) for r in rows[table].rows])
    plain_seconds = time.perf_counter() - start_plain
    conn.close()
    for p in (path, plain):
        fresh(p)
    return Row(
        f"seed validate + load: {label}", done - started, "s", plain_seconds,
        "sqlite3 executemany of the same rows", "", None,
        f"{files_note}, {n:,} rows; validate {validated - started:.1f}s + load {done - validated:.1f}s "
        f"({n / (done - validated):,.0f} rows/s)",
    )  # fmt: skip


def _history_row(directory: Path, label: str, rounds: int = 3) -> Row:
    """The seed load with its load history (history_load/history_change, issue 15) against the
    same load without it: the same compiled bundle into a fresh database, rounds alternating,
    medians. The first load of a seed is the worst case: every record is an 'added' row."""
    from casetrack.seed.compile import compile_seed
    from casetrack.seed.load import load_bundle

    bundle = compile_seed(directory)
    times: dict[bool, list[float]] = {True: [], False: []}
    records = 0
    for _ in range(rounds):
        for history in (False, True):
            path = migrated(OUT / "seed-history.db")
            engine = engine_for(path)
            started = time.perf_counter()
            report = load_bundle(engine, bundle, history=history, seed_dir=directory)
            times[history].append(time.perf_counter() - started)
            records = len(report.history) or records
            engine.dispose()
            fresh(path)
    with_history, without = statistics.median(times[True]), statistics.median(times[False])
    return Row(
        f"seed load with load history: {label}", with_history, "s", without,
        "the same load without history", "≤ 1.20", with_history <= 1.2 * without,
        f"{records:,} history_change rows; median of {rounds}; "
        f"with {', '.join(f'{t:.2f}' for t in times[True])} s, without {', '.join(f'{t:.2f}' for t in times[False])} s",
    )  # fmt: skip


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def bench_seed(n_files: int, seed: int, rebuild: bool) -> list[Row]:
    directory = OUT / f"seed-{n_files}-{seed}"
    stamp = directory / ".key"
    cases = cases_for_files(n_files)
    key = _cache_key(Sizes(cases=cases), seed)
    if rebuild or not stamp.exists() or stamp.read_text() != key:
        shutil.rmtree(directory, ignore_errors=True)
        log(f"writing a {n_files:,}-file synthetic seed ({cases:,} cases)")
        write_seed_files(directory, cases, seed)
        stamp.write_text(key)
    files = sum(1 for p in directory.rglob("*") if p.is_file() and p.name != ".key")
    bundled_files = sum(1 for p in SEED.rglob("*") if p.is_file())
    log("seed validate + load: bundled seed")
    rows = [_seed_rows(SEED, "bundled seed", f"{bundled_files} files")]
    log(f"seed validate + load: {files:,}-file synthetic seed")
    rows.append(_seed_rows(directory, f"{files:,}-file synthetic seed", f"{cases:,} cases"))
    log(f"seed load with and without load history: {files:,}-file synthetic seed")
    rows.append(_history_row(directory, f"{files:,}-file synthetic seed"))
    return rows


# --- TUI ---------------------------------------------------------------------------------------


async def _until(app: Any, condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Wait until ``condition`` holds, then until the next frame is painted."""
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError("the TUI did not get there in time")
        await asyncio.sleep(0.001)
    painted = asyncio.Event()
    app.call_after_refresh(painted.set)
    await painted.wait()


def _cases_shown(app: Any) -> bool:
    """The cases screen shows its first page (``PagedTable.items`` holds the loaded rows)."""
    from casetrack.tui.screens.cases import CasesScreen

    screen = app.screen
    return isinstance(screen, CasesScreen) and bool(screen.query_one("#cases").items)


def _chronology_shown(app: Any) -> bool:
    """The chronology screen shows its first page."""
    from casetrack.tui.screens.chronology import ChronologyScreen

    screen = app.screen
    return isinstance(screen, ChronologyScreen) and _has_rows(screen, "#chronology")


def _has_rows(screen: Any, selector: str) -> bool:
    """The table ``selector`` is composed and holds rows."""
    tables = screen.query(selector)
    return bool(tables) and bool(tables.first().items)


def _case_shown(app: Any) -> bool:
    """The case screen shows its header (``detail`` loaded) and its first timeline page."""
    from casetrack.tui.screens.case import CaseScreen

    screen = app.screen
    return (
        isinstance(screen, CaseScreen)
        and getattr(screen, "detail", None) is not None
        and bool(screen.query_one("#timeline-table").items)
    )


@dataclass
class TuiTimes:
    """Seconds, from one headless session of the TUI."""

    first: float  # to the first screen with rows
    opens: list[float]  # to each opening of a case (header and first timeline page)
    floors: list[float]  # to each push of an empty screen: what any screen costs, now
    chronology: list[float]  # to each opening of the chronology with its first page
    september: list[float]  # to the first page of Sep 2021 typed into its From and To
    case_lists: list[float]  # to each push of a new case list with its first page


async def _tui_session(path: Path, case: str, opens: int) -> TuiTimes:
    """Times of one session: the first screen, then ``opens`` times each: opening ``case``
    (with its timeline), an empty screen, the chronology and a new case list."""
    from textual.screen import Screen
    from textual.widgets import Static

    from casetrack.tui.app import make_app
    from casetrack.tui.messages import CaseSelected

    class Empty(Screen[None]):
        def compose(self) -> Any:
            yield Static("nothing")

    engine = engine_for(path, read_only=True)
    try:
        started = time.perf_counter()
        app = make_app(engine, db_label=str(path))
        async with app.run_test(size=SIZE) as pilot:
            await _until(app, lambda: _cases_shown(app))
            first = time.perf_counter() - started
            times = []
            # The reporter reads the list before pressing Enter: the list's own background
            # work (counting, fetching the case under the cursor) has finished by then.
            await app.workers.wait_for_complete()
            for _ in range(opens):
                await pilot.pause()
                t0 = time.perf_counter()
                app.post_message(CaseSelected(case))  # what Enter on the case list posts
                await _until(app, lambda: _case_shown(app))
                times.append(time.perf_counter() - t0)
                app.pop_screen()
            floors = []
            for _ in range(opens):
                await pilot.pause()
                t0 = time.perf_counter()
                empty = Empty()
                app.push_screen(empty)
                await _until(app, lambda: app.screen is empty)  # noqa: B023 (awaited at once)
                floors.append(time.perf_counter() - t0)
                app.pop_screen()
            # The chronology (Ctrl+T) against the case list pushed anew, alternating: each to
            # its first page painted.
            from textual.widgets import Input

            from casetrack.tui.screens.cases import CasesScreen

            chronology, case_lists, september = [], [], []
            for _ in range(opens):
                await app.workers.wait_for_complete()
                await pilot.pause()
                t0 = time.perf_counter()
                app.action_chronology()
                await _until(app, lambda: _chronology_shown(app))
                chronology.append(time.perf_counter() - t0)
                # The reporter's question: what happened in September 2021?
                screen = app.screen
                await app.workers.wait_for_complete()
                await pilot.pause()
                t0 = time.perf_counter()
                with screen.prevent(Input.Changed):
                    screen.query_one("#chron-from", Input).value = "Sep 2021"
                    screen.query_one("#chron-to", Input).value = "Sep 2021"
                screen.apply_filters()  # what Enter in To does
                await _until(app, lambda: _chronology_shown(app))
                september.append(time.perf_counter() - t0)
                app.pop_screen()
                await app.workers.wait_for_complete()
                await pilot.pause()
                t0 = time.perf_counter()
                cases = CasesScreen()
                app.push_screen(cases)
                await _until(app, lambda: app.screen is cases and _has_rows(cases, "#cases"))  # noqa: B023
                case_lists.append(time.perf_counter() - t0)
                app.pop_screen()
            await pilot.pause()
    finally:
        engine.dispose()
    return TuiTimes(first, times, floors, chronology, september, case_lists)


def _largest_seed_case(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(
            conn.execute(
                "SELECT c.slug FROM legal_case c ORDER BY (SELECT count(*) FROM filing f WHERE f.case_id = c.id) "
                "+ (SELECT count(*) FROM ruling r WHERE r.case_id = c.id) DESC, c.slug LIMIT 1"
            ).fetchone()[0]
        )


def bench_tui(large: Path, largest: str, timeline: int, seed_db: Path, rounds: int, opens_each: int) -> list[Row]:
    log("TUI: first screen and opening the largest case (headless run_test)")
    seed_case = _largest_seed_case(seed_db)
    asyncio.run(_tui_session(seed_db, seed_case, 1))  # warm-up: imports, CSS
    firsts: dict[str, list[float]] = {"seed": [], "large": []}
    opens: dict[str, list[float]] = {"seed": [], "large": []}
    floors: list[float] = []
    chronology: list[float] = []
    september: list[float] = []
    case_lists: list[float] = []
    for _ in range(rounds):  # alternate, so drift hits both alike
        for name, path, case in (("seed", seed_db, seed_case), ("large", large, largest)):
            got = asyncio.run(_tui_session(path, case, opens_each))
            firsts[name].append(got.first)
            opens[name].extend(got.opens)
            floors.extend(got.floors)
            if name == "large":
                chronology.extend(got.chronology)
                september.extend(got.september)
                case_lists.extend(got.case_lists)
    ms = {k: 1000 * statistics.median(v) for k, v in firsts.items()}
    om = {k: 1000 * statistics.median(v) for k, v in opens.items()}
    floor = 1000 * statistics.median(floors)
    chron, listed = 1000 * statistics.median(chronology), 1000 * statistics.median(case_lists)
    sep = 1000 * statistics.median(september)
    return [
        Row("TUI first screen with rows", ms["large"], "ms", ms["seed"], "the same on the bundled seed",
            "≤ 1.30", ms["large"] <= 1.3 * ms["seed"], f"median of {rounds}; size {SIZE[0]}x{SIZE[1]}"),
        Row(f"TUI opens the largest case ({timeline:,} timeline rows)", om["large"], "ms", om["seed"],
            f"opening {seed_case} on the bundled seed", "< 150 ms", om["large"] < 150,
            f"median of {len(opens['large'])}; header + first timeline page painted"),
        Row("TUI opens the largest case, against an empty screen", om["large"], "ms", floor,
            "pushing a screen with one Static and painting it, same sessions", "", None,
            f"median of {len(floors)}: Textual's floor on this machine, now"),
        Row("TUI chronology (every case, by date): first page", chron, "ms", listed,
            "the case list's first page, pushed anew in the same sessions", "≤ 1.30", chron <= 1.3 * listed,
            f"medians of {len(chronology)}, alternating; large database, Ctrl+T to the first page painted"),
        Row("TUI chronology: Sep 2021 typed in, its first page", sep, "ms", listed,
            "the case list's first page, pushed anew in the same sessions", "", None,
            f"median of {len(september)}; large database; From and To set, Enter to the page painted"),
    ]  # fmt: skip


# --- search ------------------------------------------------------------------------------------


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_search(path: Path, queries: list[str]) -> list[Row]:
    from sqlmodel import Session

    from casetrack.search import SEARCHED, fts5_query, search

    log(f"search: {len(queries)} queries, casetrack and bare FTS5 MATCH")
    engine = engine_for(path, read_only=True)
    ours: list[float] = []
    bare: list[float] = []
    prefix: list[float] = []
    first: list[float] = []  # the first one or two letters typed
    try:
        with Session(engine) as session:
            raw = session.connection()
            for q in queries:  # warm the page cache and the statement caches
                search(q, session=session)
            for q in queries:
                t0 = time.perf_counter()
                search(q, session=session)
                ours.append(time.perf_counter() - t0)
                expr = fts5_query(q)
                t0 = time.perf_counter()
                for table in SEARCHED:
                    raw.exec_driver_sql(
                        f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ? LIMIT 20", (expr,)
                    ).all()
                bare.append(time.perf_counter() - t0)
                words = q.strip('"').split()
                if words and len(words[-1]) >= 3:  # search as you type: the last word half typed
                    typed = " ".join([*words[:-1], words[-1][: max(3, len(words[-1]) // 2)]])
                    t0 = time.perf_counter()
                    search(typed, session=session, prefix=True)
                    prefix.append(time.perf_counter() - t0)
                if words:
                    for n in (1, 2):
                        t0 = time.perf_counter()
                        search(words[0][:n], session=session, prefix=True)
                        first.append(time.perf_counter() - t0)
    finally:
        engine.dispose()
    bare_label = "bare FTS5 MATCH ... LIMIT 20 on the same 5 tables"
    p95 = 1000 * _percentile(ours, 0.95)
    return [
        Row("search p50", 1000 * statistics.median(ours), "ms", 1000 * statistics.median(bare), bare_label),
        Row("search p95", p95, "ms", 1000 * _percentile(bare, 0.95), bare_label, "< 30 ms", p95 < 30),
        Row("search as you type (prefix) p95", 1000 * _percentile(prefix, 0.95), "ms",
            1000 * _percentile(bare, 0.95), bare_label, "", None, f"{len(prefix)} half-typed queries"),
        Row("search as you type, first letters p95", 1000 * _percentile(first, 0.95), "ms",
            1000 * _percentile(bare, 0.95), bare_label, "", None,
            f"{len(first)} queries of the first one or two letters of a query's first word"),
    ]  # fmt: skip


# --- CLI ---------------------------------------------------------------------------------------


def _timed(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_cli(large: Path, name: str, n_cases: int, repeat: int) -> list[Row]:
    log("CLI start-up and `casetrack cases --json`")
    python = sys.executable
    script = Path(python).with_name("casetrack")
    casetrack = [str(script)] if script.exists() else [python, "-m", "casetrack"]
    env = {**os.environ, "CASETRACK_DB": str(large)}
    textual = 1000 * _timed([python, "-c", "import textual"], repeat)
    help_ms = 1000 * _timed([*casetrack, "--help"], repeat)
    cases_ms = 1000 * _timed([*casetrack, "cases", "--json"], max(1, repeat // 2), env)
    label = 'python -c "import textual"'
    return [
        Row("casetrack --help", help_ms, "ms", textual, label, "≤ 1.50", help_ms <= 1.5 * textual),
        Row(f"casetrack cases --json ({name} DB)", cases_ms, "ms", textual, label, "", None, f"{n_cases:,} cases"),
    ]


# --- cold start --------------------------------------------------------------------------------


def bench_cold(seed_db: Path, large: Path, name: str, n_cases: int, rounds: int, large_rounds: int) -> list[Row]:
    """Whole processes in a pseudo-terminal (benchmarks/coldstart.py), each beside its baseline."""
    from benchmarks.coldstart import measure

    log("cold start: whole processes in a pseudo-terminal, 120x40")
    got = measure(seed_db, large, rounds, large_rounds)
    tui, tui_base = got["tui"]
    cases, cases_base = got["cases"]
    js, js_base = got["cases_json"]
    return [
        Row("cold start: `casetrack` (the TUI) to its first rows, bundled seed", 1000 * tui, "ms", 1000 * tui_base,
            "a minimal Textual app (DataTable + Footer) reading v_case_status with sqlite3 (benchmarks/minimal_tui.py)",
            "≤ 1.30", tui <= 1.3 * tui_base, f"medians of {rounds}, alternating"),
        Row("cold start: `casetrack cases`, bundled seed", 1000 * cases, "ms", 1000 * cases_base,
            'python -c "import sqlalchemy"', "≤ 1.50", cases <= 1.5 * cases_base, f"medians of {rounds}"),
        Row(f"cold start: `casetrack cases --json`, {name} DB", 1000 * js, "ms", 1000 * js_base,
            "sqlite3 -json DB 'select * from v_case_status'", "≤ 3.00", js <= 3 * js_base,
            f"{n_cases:,} cases; medians of {large_rounds}"),
    ]  # fmt: skip


# --- downgrade ---------------------------------------------------------------------------------


def _downgrade_template(name: str, sizes: Sizes, seed: int) -> Path:
    """A generated database at head that a downgrade below 0006 accepts (its WAL folded in)."""
    from benchmarks.generate import version_1_compatible

    path = OUT / f"downgrade-{name}.db"
    write_database(path, generate(sizes, seed))
    version_1_compatible(path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def _down_and_up(template: Path) -> tuple[float, float]:
    """On a copy of ``template``: seconds to downgrade head -> 0005, then to upgrade 0005 -> head."""
    work = fresh(OUT / "downgrade-work.db")
    shutil.copy(template, work)
    target = db.Target(f"sqlite:///{work}", "--db")
    started = time.perf_counter()
    db.downgrade(target, "0005")
    down = time.perf_counter() - started
    started = time.perf_counter()
    db.upgrade(target, "head")
    up = time.perf_counter() - started
    fresh(work)
    return down, up


def bench_downgrade(seed: int, rounds: int, *, scaling: bool) -> list[Row]:
    """Migration 0006's downgrade remakes SQLite tables that many rows point at, with foreign
    keys off (casetrack.db.begin_migration): it should cost about what the upgrade back does,
    and grow with the rows, not with their square (``scaling``: 4x the rows)."""
    from benchmarks.generate import DOWNGRADE

    sizes = {"20k": DOWNGRADE}
    if scaling:
        sizes["80k"] = DOWNGRADE.scaled(4, giants=(4 * DOWNGRADE.giants[0],))
    log(f"downgrade head -> 0005 of {', '.join(f'{s.filings:,}' for s in sizes.values())} filings and none")
    templates = {name: _downgrade_template(name, s, seed) for name, s in sizes.items()}
    templates["empty"] = migrated(OUT / "downgrade-empty.db")
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in templates}
    for _ in range(rounds):  # alternating, so a busy moment of the machine falls on each
        for name, path in templates.items():
            times[name].append(_down_and_up(path))
    for path in templates.values():
        fresh(path)
    down = {name: statistics.median(t[0] for t in got) for name, got in times.items()}
    up = statistics.median(t[1] for t in times["20k"])
    n = DOWNGRADE.filings
    label = f"downgrade {n:,} filings head -> 0005 (through 0006's table remakes)"
    note = f"{DOWNGRADE.cases:,} cases, {DOWNGRADE.quotes:,} quotes; medians of {rounds}, alternating"
    rows = [
        Row(label, down["20k"], "s", up, "upgrade of the same rows 0005 -> head", "≤ 1.50",
            down["20k"] <= 1.5 * up, note),
        Row(label, down["20k"], "s", down["empty"], "the same downgrade of the schema with no rows", "", None,
            "the baseline is the fixed cost (Alembic, 8 migrations, table remakes)"),
    ]  # fmt: skip
    if scaling:
        big = sizes["80k"].filings
        rows.append(
            Row(f"downgrade {big:,} filings head -> 0005", down["80k"], "s", down["20k"],
                f"the same downgrade of {n:,} filings", "≤ 6.00 (4x the rows: linear ≈ 3-4, quadratic > 10)",
                down["80k"] <= 6 * down["20k"], f"medians of {rounds}, alternating")
        )  # fmt: skip
    return rows


# --- the table ---------------------------------------------------------------------------------


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    if unit == "rows/s":
        return f"{value:,.0f} rows/s"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:.2f}"


def table(rows: list[Row]) -> str:
    head = ["measurement", "value", "baseline", "ratio", "target", "result"]
    body = [
        [r.measurement, _fmt(r.value, r.unit), _fmt(r.baseline, r.unit), f"{r.ratio:.2f}x" if r.ratio else "",
         r.target, "" if r.passed is None else ("PASS" if r.passed else "FAIL")]
        for r in rows
    ]  # fmt: skip
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(b, widths, strict=True)) + " |" for b in body]
    notes = [f"- {r.measurement}: baseline = {r.baseline_label}" + (f"; {r.note}" if r.note else "") for r in rows]
    return "\n".join(lines) + "\n\n" + "\n".join(notes)


def machine() -> dict[str, str]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    import sqlalchemy
    import textual

    return {
        "cpu": f"{cpu} ({os.cpu_count()} cores)", "memory": mem, "os": platform.platform(),
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__, "textual": getattr(textual, "__version__", "?"),
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes (under a minute)")
    ap.add_argument("--rebuild", action="store_true", help="regenerate the cached databases and seed files")
    ap.add_argument("--seed", type=int, default=1, help="random seed of the generated data (default 1)")
    ap.add_argument("--only", help="comma-separated sections: bulk,seed,tui,search,cli,cold,downgrade")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    quick = args.quick
    sizes = QUICK if quick else DEFAULT
    everything = {"bulk", "seed", "tui", "search", "cli", "cold", "downgrade"}
    sections = set(args.only.split(",")) if args.only else everything
    unknown = sections - everything
    if unknown:
        ap.error(f"unknown section {sorted(unknown)[0]!r}; choose from {', '.join(sorted(everything))}")
    rows: list[Row] = []
    large: dict[str, Any] = {}
    if sections & {"tui", "search", "cli", "cold"}:  # the sections that read the large database
        large = large_database("quick" if quick else "large", sizes, args.seed, args.rebuild)
        rows.append(
            Row(f"build the {'quick' if quick else 'large'} database (generate + bulk import)",
                large["import_rows_per_second"], "rows/s", None, "", "", None,
                f"{large['rows']:,} rows, {large['bytes'] / 2**20:,.0f} MiB; "
                f"generate {large['generate_seconds']:.0f}s, import {large['import_seconds']:.0f}s"
                + (" (cached)" if large["cached"] else ""))
        )  # fmt: skip
    large_path = Path(large["path"]) if large else OUT / "none.db"
    if "bulk" in sections:
        rows += bench_bulk(QUICK if quick else DEFAULT.scaled(0.1), args.seed)
    if "seed" in sections:
        rows += bench_seed(300 if quick else 5000, args.seed, args.rebuild)
    if "tui" in sections:
        seed_db = seed_database()
        rows += bench_tui(
            large_path, large["largest_case"], large["largest_timeline"], seed_db, 5 if quick else 11, 2 if quick else 3
        )
    if "search" in sections:
        rows += bench_search(large_path, large["queries"])
    if "cli" in sections:
        rows += bench_cli(large_path, "quick" if quick else "large", large["counts"]["legal_case"], 3 if quick else 5)
    if "cold" in sections:
        rows += bench_cold(
            seed_database(), large_path, "quick" if quick else "large", large["counts"]["legal_case"],
            5 if quick else 7, 2 if quick else 3,
        )  # fmt: skip
    if "downgrade" in sections:
        rows += bench_downgrade(args.seed, 3 if quick else 5, scaling=not quick)
    elapsed = time.perf_counter() - started
    info = machine()
    info["load average"] = f"{load_before} at start, {info['load average']} at end (1, 5, 15 min)"
    print(f"casetrack benchmarks ({'quick' if quick else 'full'}), {elapsed:.0f}s")
    print("machine: " + "; ".join(f"{k} {v}" for k, v in info.items()))
    print()
    print(table(rows))
    result = {"mode": "quick" if quick else "full", "seconds": elapsed, "machine": info,
              "rows": [{**asdict(r), "ratio": r.ratio} for r in rows]}  # fmt: skip
    (OUT / f"results-{'quick' if quick else 'full'}.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
