"""Bulk import: many rows into a migrated database in one transaction, fast.

The seed path (casetrack.seed.load) validates YAML and upserts one row at a time; that is
right for hand-written files and wrong for a million rows. :func:`bulk_import` takes rows
that are already resolved (foreign keys as ids), inserts them table by table with the
driver's ``executemany`` in a single transaction, and leaves the database as the normal path
would: full-text indexes in sync, every foreign key valid, nothing written on any error.

On SQLite it:

- drops the FTS5 triggers of the searched tables for the import, fills each ``<table>_fts``
  in one pass afterwards (``'rebuild'`` when the table was empty, an ``INSERT ... SELECT``
  of the new rows otherwise) and recreates the triggers from their stored SQL, verbatim;
- drops the table's secondary (non-unique) indexes for the import and recreates them from
  their stored SQL afterwards (unique constraints stay, so duplicate slugs still fail);
- checks foreign keys once at the end (``PRAGMA foreign_key_check``) instead of per row,
  and checks that every citation names an existing record;
- raises the page cache for the import.

Every one of these runs inside the transaction: on failure SQLite rolls the DDL back with
the rows. Elsewhere (PostgreSQL) it uses SQLAlchemy Core ``executemany`` in one
transaction and moves each ``id`` sequence past the imported ids.

Bulk import only inserts: rows whose slug is already in the database are an error (the
whole import is rolled back). It does not run ANALYZE or change the schema.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Boolean, CheckConstraint, Date, Engine, Table, insert, text

from casetrack.errors import CasetrackError
from casetrack.models import metadata
from casetrack.search import SEARCHED  # tables with an FTS5 index -> their columns
from casetrack.tables import TABLE_ORDER

#: Tables in the order they are filled (parents first).
ORDER: list[str] = list(TABLE_ORDER)


FtsMode = Literal["rebuild", "triggers"]


class BulkImportError(CasetrackError):
    """Bad input or a constraint the rows break; nothing was written."""


@dataclass(frozen=True)
class TableRows:
    """Rows as tuples in the order of ``columns`` (the fast form)."""

    columns: Sequence[str]
    rows: Iterable[Sequence[Any]]


Rows = TableRows | Iterable[Mapping[str, Any]]


@dataclass
class BulkReport:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # insert, fts, indexes, check

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    @property
    def rows_per_second(self) -> float:
        return self.total / self.seconds if self.seconds else 0.0


# --- column plans ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """How one table's rows become INSERT parameters."""

    table: Table
    columns: tuple[str, ...]  # bound columns, in parameter order
    constants: dict[str, Any]  # columns not given: their Python-side default
    date_positions: tuple[int, ...]
    bool_positions: tuple[int, ...]

    def sql(self) -> str:
        names = [*self.columns, *self.constants]
        values = ["?"] * len(self.columns) + [_sql_literal(v) for v in self.constants.values()]
        return f"INSERT INTO {self.table.name} ({', '.join(names)}) VALUES ({', '.join(values)})"


def _sql_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _defaults(table: Table) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if default is not None and getattr(default, "is_scalar", False):
            arg = default.arg  # type: ignore[attr-defined]
            out[column.name] = arg.value if hasattr(arg, "value") else arg
    return out


def _plan(table_name: str, given: Sequence[str]) -> _Plan:
    table = metadata.tables[table_name]
    known = set(table.columns.keys())
    unknown = [c for c in given if c not in known]
    if unknown:
        raise BulkImportError(f"{table_name}: unknown column(s) {', '.join(sorted(unknown))}")
    if len(set(given)) != len(given):
        raise BulkImportError(f"{table_name}: a column is given twice")
    defaults = _defaults(table)
    constants: dict[str, Any] = {}
    for column in table.columns:
        if column.name in given or column.name == "id":
            continue
        if column.name in defaults:
            constants[column.name] = defaults[column.name]
        elif not column.nullable:
            raise BulkImportError(f"{table_name}: required column {column.name!r} is missing")
    dates = tuple(i for i, c in enumerate(given) if isinstance(table.c[c].type, Date))
    bools = tuple(i for i, c in enumerate(given) if isinstance(table.c[c].type, Boolean))
    return _Plan(table, tuple(given), constants, dates, bools)


def _iso(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _tuples(
    plan: _Plan, rows: Iterable[Sequence[Any]], counter: list[int], keys: list[tuple[Any, Any]] | None = None
) -> Iterator[Sequence[Any]]:
    """Rows as DB-API parameters: dates as ISO text (as SQLAlchemy stores them on SQLite).

    ``keys`` collects each row's (slug, case_id), for the load history."""
    width = len(plan.columns)
    dates = plan.date_positions
    slug_at, case_at = _key_positions(plan)
    keep = keys.append if keys is not None else None
    n = 0
    for row in rows:
        if len(row) != width:
            raise BulkImportError(f"{plan.table.name}: row {n + 1} has {len(row)} values for {width} columns")
        n += 1
        if keep is not None:
            keep((row[slug_at], row[case_at] if case_at is not None else None))
        if dates:
            row = list(row)
            for i in dates:
                value = row[i]
                if value is not None and not isinstance(value, str):
                    row[i] = _iso(value)
        yield row
    counter[0] = n


def _key_positions(plan: _Plan) -> tuple[int, int | None]:
    """Where a row holds its slug and (if the table has one) its case id."""
    columns = list(plan.columns)
    case = "id" if plan.table.name == "legal_case" else "case_id"
    return columns.index("slug"), columns.index(case) if case in columns else None


def _history_rows(keys: dict[str, list[tuple[Any, Any]]], case_slugs: Mapping[Any, str]) -> list[tuple[Any, ...]]:
    """``history_change`` rows for a bulk import: every row it added, with its case's slug."""
    out: list[tuple[Any, ...]] = []
    for table, pairs in keys.items():
        out += [(table, slug, "added", None, None, None, case_slugs.get(case_id)) for slug, case_id in pairs]
    return out


def _from_dicts(table_name: str, rows: Iterable[Mapping[str, Any]]) -> TableRows:
    """Dict rows as one TableRows: the columns are the union of the keys, in table order."""
    table = metadata.tables[table_name]
    materialised = list(rows)
    keys: set[str] = set()
    for row in materialised:
        keys.update(row)
    unknown = keys - set(table.columns.keys())
    if unknown:
        raise BulkImportError(f"{table_name}: unknown column(s) {', '.join(sorted(unknown))}")
    defaults = _defaults(table)
    columns = tuple(c.name for c in table.columns if c.name in keys)
    fill = {c: defaults.get(c) for c in columns}
    return TableRows(columns, [tuple(row.get(c, fill[c]) for c in columns) for row in materialised])


def _normalise(rows_by_table: Mapping[str, Rows]) -> list[tuple[str, TableRows]]:
    unknown = [t for t in rows_by_table if t not in metadata.tables]
    if unknown:
        raise BulkImportError(f"unknown table(s): {', '.join(sorted(unknown))}")
    out: list[tuple[str, TableRows]] = []
    for name in ORDER:
        if name not in rows_by_table:
            continue
        rows = rows_by_table[name]
        out.append((name, rows if isinstance(rows, TableRows) else _from_dicts(name, rows)))
    return out


# --- entry point -------------------------------------------------------------------------


def bulk_import(
    engine: Engine,
    rows_by_table: Mapping[str, Rows],
    *,
    fts: FtsMode = "rebuild",
    drop_indexes: bool = True,
    cache_mib: int = 512,
    method: Literal["auto", "core"] = "auto",
    history: bool = True,
    seed_dir: str | None = None,
) -> BulkReport:
    """Insert ``rows_by_table`` (table name -> rows) in one transaction; all or nothing.

    Rows are :class:`TableRows` (tuples, fastest) or mappings of column -> value. Foreign
    keys are ids, so give each row its ``id`` when other rows refer to it. Columns left
    out get their model default (``*_approximate`` False, ``position`` 0, ``confidence``
    'high') or NULL. Dates may be ``datetime.date`` or ISO text ('2021-08-25').

    The database must be migrated to the head revision. Raises :class:`BulkImportError`
    (nothing written) on bad input, a duplicate slug, a broken CHECK or NOT NULL
    constraint, a dangling foreign key or a citation of a missing record.

    ``fts='triggers'`` keeps the FTS triggers during the import and ``drop_indexes=False``
    the secondary indexes (both slower; for measuring). ``method='core'`` uses the portable
    SQLAlchemy Core path (the one PostgreSQL gets) on SQLite too.

    The import is recorded in the load history (``history_load``, kind 'bulk', and one
    ``history_change`` per row added), in the same transaction; ``seed_dir`` names where the
    rows came from. ``history=False`` leaves it out (for measuring).
    """
    work = _normalise(rows_by_table)
    plans = [(name, _plan(name, tuple(rows.columns)), rows) for name, rows in work]
    _check_schema(engine)
    if engine.dialect.name == "sqlite" and method == "auto":
        return _sqlite_import(
            engine, plans, fts=fts, drop_indexes=drop_indexes, cache_mib=cache_mib, history=history, seed_dir=seed_dir
        )
    return _generic_import(engine, plans, history=history, seed_dir=seed_dir)


def _check_schema(engine: Engine) -> None:
    from casetrack.db import current_revision, head_revision

    current, head = current_revision(engine), head_revision()
    if current != head:
        raise BulkImportError(
            f"the database is at revision {current or 'base (empty)'}, not {head}; run: casetrack db upgrade"
        )


# --- SQLite ------------------------------------------------------------------------------


def _sqlite_objects(cur: Any, table: str, kind: str) -> list[tuple[str, str]]:
    """(name, sql) of the triggers or explicit indexes on ``table``, as stored."""
    return [
        (name, sql)
        for name, sql in cur.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = ? AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
            (kind, table),
        )
    ]


def _sqlite_import(
    engine: Engine,
    plans: list[tuple[str, _Plan, TableRows]],
    *,
    fts: FtsMode,
    drop_indexes: bool,
    cache_mib: int,
    history: bool = True,
    seed_dir: str | None = None,
) -> BulkReport:
    import sqlite3

    report = BulkReport()
    started = time.perf_counter()
    raw = engine.raw_connection()
    conn: sqlite3.Connection = raw.driver_connection  # type: ignore[assignment]
    saved_isolation = conn.isolation_level
    cur = conn.cursor()
    saved_cache = cur.execute("PRAGMA cache_size").fetchone()[0]
    saved_fk = cur.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.isolation_level = None  # we issue BEGIN and COMMIT ourselves
    phase = "insert"
    try:
        cur.execute(f"PRAGMA cache_size = {-1024 * cache_mib}")
        cur.execute("PRAGMA foreign_keys = OFF")  # checked once, below, before COMMIT
        cur.execute("PRAGMA ignore_check_constraints = ON")  # likewise
        cur.execute("BEGIN IMMEDIATE")
        try:
            names = [name for name, _, _ in plans]
            existing = {n: cur.execute(f"SELECT EXISTS (SELECT 1 FROM {n})").fetchone()[0] for n in names}
            max_before = {
                n: cur.execute(f"SELECT coalesce(max(id), 0) FROM {n}").fetchone()[0] for n in names if n in SEARCHED
            }
            triggers: list[tuple[str, str]] = []
            if fts == "rebuild":
                for n in names:
                    if n in SEARCHED:
                        triggers += _sqlite_objects(cur, n, "trigger")
            indexes: list[tuple[str, str]] = []
            if drop_indexes:
                for n in names:
                    indexes += [(i, s) for i, s in _sqlite_objects(cur, n, "index") if " UNIQUE " not in s.upper()]
            for name, _ in triggers:
                cur.execute(f"DROP TRIGGER {name}")
            for name, _ in indexes:
                cur.execute(f"DROP INDEX {name}")

            t0 = time.perf_counter()
            keys: dict[str, list[tuple[Any, Any]]] = {}
            for name, plan, rows in plans:
                phase = f"insert into {name}"
                counter = [0]
                keys[name] = []
                cur.executemany(plan.sql(), _tuples(plan, rows.rows, counter, keys[name] if history else None))
                report.rows[name] = counter[0]
            report.phases["insert"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            phase = "full-text index"
            if fts == "rebuild":
                for name in names:
                    if name not in SEARCHED or not report.rows[name]:
                        continue
                    if not existing[name]:
                        cur.execute(f"INSERT INTO {name}_fts({name}_fts) VALUES ('rebuild')")
                    else:
                        cols = ", ".join(SEARCHED[name])
                        cur.execute(
                            f"INSERT INTO {name}_fts(rowid, {cols}) SELECT id, {cols} FROM {name} WHERE id > ?",
                            (max_before[name],),
                        )
                for _, sql in triggers:
                    cur.execute(sql)
            report.phases["fts"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            phase = "indexes"
            for _, sql in indexes:
                cur.execute(sql)
            report.phases["indexes"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            phase = "checks"
            problems = _sqlite_problems(cur, names)
            if problems:
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                raise BulkImportError(f"bulk import rolled back, nothing written: {problems[0]}{more}")
            report.phases["check"] = time.perf_counter() - t0
            if history:
                t0 = time.perf_counter()
                phase = "load history"
                _sqlite_history(cur, keys, report, seed_dir)
                report.phases["history"] = time.perf_counter() - t0
            cur.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                cur.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise BulkImportError(f"bulk import rolled back, nothing written: {phase}: {exc}") from None
    finally:
        cur.execute("PRAGMA ignore_check_constraints = OFF")
        cur.execute(f"PRAGMA foreign_keys = {int(bool(saved_fk))}")
        cur.execute(f"PRAGMA cache_size = {saved_cache}")
        cur.close()
        conn.isolation_level = saved_isolation
        raw.close()
    report.seconds = time.perf_counter() - started
    return report


def _sqlite_history(cur: Any, keys: dict[str, list[tuple[Any, Any]]], report: BulkReport, seed_dir: str | None) -> None:
    from casetrack.history import git_state, now_utc

    commit, dirty = git_state(seed_dir) if seed_dir else (None, None)
    cur.execute(
        "INSERT INTO history_load (loaded_at, kind, seed_dir, git_commit, git_dirty, added, changed, deleted,"
        " unchanged) VALUES (?, 'bulk', ?, ?, ?, ?, 0, 0, 0)",
        (
            now_utc().strftime("%Y-%m-%d %H:%M:%S.%f"),
            seed_dir,
            commit,
            None if dirty is None else int(dirty),
            report.total,
        ),
    )
    load_id = cur.lastrowid
    case_ids = {case_id for pairs in keys.values() for _, case_id in pairs if case_id is not None}
    case_slugs = dict(cur.execute("SELECT id, slug FROM legal_case").fetchall()) if case_ids else {}
    cur.executemany(
        "INSERT INTO history_change (load_id, table_name, record_slug, op, case_slug) VALUES (?, ?, ?, 'added', ?)",
        ((load_id, table, slug, case_slugs.get(case_id)) for table, pairs in keys.items() for slug, case_id in pairs),
    )


def _check_constraints(table: Table) -> list[tuple[str, str]]:
    """(name, SQL) of a table's CHECK constraints, as the models (and so the migrations) define them."""
    out = []
    for constraint in table.constraints:
        if isinstance(constraint, CheckConstraint):
            name = str(constraint.name).replace("%(table_name)s", table.name)
            out.append((name, str(constraint.sqltext)))
    return out


def _sqlite_problems(cur: Any, names: list[str], limit: int = 20) -> list[str]:
    """Broken CHECK constraints and dangling foreign keys in the imported tables, and
    citations of missing records."""
    problems: list[str] = []
    for name in names:
        for check, sql in _check_constraints(metadata.tables[name]):
            rows = cur.execute(f"SELECT slug FROM {name} WHERE NOT ({sql}) LIMIT ?", (limit,)).fetchall()
            problems += [f"{name} {slug}: CHECK constraint failed: {check}" for (slug,) in rows]
            if len(problems) >= limit:
                return problems[:limit]
    for name in names:
        for table, rowid, parent, fkid in cur.execute(f"PRAGMA foreign_key_check({name})").fetchmany(limit):
            column = _fk_column(cur, table, fkid)
            problems.append(f"{table} row id {rowid}: {column} refers to a missing {parent}")
            if len(problems) >= limit:
                return problems
    if "citation" in names:
        for subject_type in ORDER:
            if subject_type == "citation":
                continue
            rows = cur.execute(
                f"SELECT c.slug, c.subject_id FROM citation c WHERE c.subject_type = ? "
                f"AND NOT EXISTS (SELECT 1 FROM {subject_type} s WHERE s.id = c.subject_id) LIMIT ?",
                (subject_type, limit),
            ).fetchall()
            problems += [f"citation {slug}: no {subject_type} with id {sid}" for slug, sid in rows]
        known = ", ".join(f"'{t}'" for t in ORDER)
        rows = cur.execute(
            f"SELECT slug, subject_type FROM citation WHERE subject_type NOT IN ({known}) LIMIT ?", (limit,)
        ).fetchall()
        problems += [f"citation {slug}: unknown subject_type {st!r}" for slug, st in rows]
    return problems[:limit]


def _fk_column(cur: Any, table: str, fkid: int) -> str:
    for row in cur.execute(f"PRAGMA foreign_key_list({table})").fetchall():
        if row[0] == fkid:
            return str(row[3])
    return "a column"


# --- other databases (PostgreSQL) ----------------------------------------------------------


def _generic_import(
    engine: Engine,
    plans: list[tuple[str, _Plan, TableRows]],
    batch: int = 10_000,
    *,
    history: bool = True,
    seed_dir: str | None = None,
) -> BulkReport:
    """SQLAlchemy Core executemany in one transaction; indexes, triggers and foreign keys stay.

    Self-references (``legal_case.parent_id``, ``filing.exhibit_to_id``) may point at a
    later row, so they are inserted as NULL and set by an UPDATE once the table is in, as
    the seed loader does.
    """
    from sqlalchemy import bindparam, update
    from sqlalchemy.exc import DBAPIError

    report = BulkReport()
    started = time.perf_counter()
    phase = "insert"
    try:
        with engine.begin() as conn:
            keys: dict[str, list[tuple[Any, Any]]] = {}
            for name, plan, rows in plans:
                phase = f"insert into {name}"
                table = plan.table
                columns = plan.columns
                slug_at, case_at = _key_positions(plan)
                keep = keys.setdefault(name, []).append
                dates = set(plan.date_positions)
                selfref = {
                    c for c in columns if any(fk.column.table is table for fk in table.c[c].foreign_keys)
                } if "id" in columns else set()  # fmt: skip
                later: dict[str, list[dict[str, Any]]] = {c: [] for c in selfref}
                chunk: list[dict[str, Any]] = []
                n = 0
                for row in rows.rows:
                    if len(row) != len(columns):
                        raise BulkImportError(f"{name}: row {n + 1} has {len(row)} values for {len(columns)} columns")
                    values = {
                        c: (dt.date.fromisoformat(v) if i in dates and isinstance(v, str) else v)
                        for i, (c, v) in enumerate(zip(columns, row, strict=True))
                    }
                    for c in selfref:
                        if values[c] is not None:
                            later[c].append({"_id": values["id"], "_value": values[c]})
                            values[c] = None
                    chunk.append({**values, **plan.constants})
                    n += 1
                    if history:
                        keep((row[slug_at], row[case_at] if case_at is not None else None))
                    if len(chunk) >= batch:
                        conn.execute(insert(table), chunk)
                        chunk = []
                if chunk:
                    conn.execute(insert(table), chunk)
                for c, pairs in later.items():
                    if pairs:
                        stmt = update(table).where(table.c.id == bindparam("_id")).values({c: bindparam("_value")})
                        conn.execute(stmt, pairs)
                report.rows[name] = n
                if engine.dialect.name == "postgresql" and "id" in columns and n:
                    conn.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
                    )
            if history:
                from casetrack.history import git_state, record_load

                phase = "load history"
                case_slugs: dict[Any, str] = {i: s for i, s in conn.execute(text("SELECT id, slug FROM legal_case"))}
                record_load(
                    conn,
                    kind="bulk",
                    seed_dir=seed_dir,
                    git=git_state(seed_dir) if seed_dir else (None, None),
                    counts={"added": report.total},
                    changes=_history_rows(keys, case_slugs),
                )
    except DBAPIError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise BulkImportError(f"bulk import rolled back, nothing written: {phase}: {detail}") from None
    report.seconds = time.perf_counter() - started
    return report


# --- a compiled seed as bulk rows --------------------------------------------------------


def rows_from_bundle(bundle: Any, *, first_ids: Mapping[str, int] | None = None) -> dict[str, TableRows]:
    """A compiled seed (:class:`casetrack.seed.compile.Bundle`) as rows for :func:`bulk_import`.

    Ids are given in the bundle's order from ``first_ids[table]`` (default 1), as the seed
    loader gives them in an empty database, so both paths build the same rows.
    """
    from casetrack.seed.compile import LOAD_ORDER, Ref

    ids: dict[str, dict[str, int]] = {}
    for table in LOAD_ORDER:
        start = (first_ids or {}).get(table, 1)
        ids[table] = {slug: start + i for i, slug in enumerate(bundle.rows[table])}
    out: dict[str, TableRows] = {}
    for table in LOAD_ORDER:
        rows = bundle.rows[table]
        if not rows:
            continue
        keys = list(next(iter(rows.values())))
        tuples = []
        for slug, row in rows.items():
            values: list[Any] = [ids[table][slug]]
            for key in keys:
                value = row[key]
                values.append(ids[value.table][value.slug] if isinstance(value, Ref) else value)
            tuples.append(tuple(values))
        out[table] = TableRows(("id", *keys), tuples)
    return out
