"""Write a compiled seed to the database: an upsert by slug, in one transaction.

Loading the same seed twice changes nothing. A record whose fields changed is updated in
place (its id, and so every script's joins, stay). Records in the database that the seed no
longer has are reported, and deleted only with ``prune=True``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from casetrack.db import CasetrackError, DatabaseError, begin_write
from casetrack.history import git_state, record_load
from casetrack.models import metadata
from casetrack.seed.compile import LOAD_ORDER, Bundle, Ref, Row


@dataclass
class LoadReport:
    added: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    pruned: bool = False
    #: table -> slug -> field -> (old value, new value), for each changed field.
    values: dict[str, dict[str, dict[str, tuple[Any, Any]]]] = field(default_factory=dict)
    #: The rows of ``history_change`` this load writes, as tuples in the order of
    #: :data:`casetrack.history.CHANGE_COLUMNS` (without ``load_id``).
    history: list[tuple[Any, ...]] = field(default_factory=list, repr=False)
    #: The ``history_load`` row's id, once committed (None on a dry run).
    load_id: int | None = None

    @property
    def n_added(self) -> int:
        return sum(map(len, self.added.values()))

    @property
    def n_changed(self) -> int:
        return sum(map(len, self.changed.values()))

    @property
    def n_unchanged(self) -> int:
        return sum(self.unchanged.values())

    @property
    def n_removed(self) -> int:
        return sum(map(len, self.removed.values()))

    @property
    def n_existing(self) -> int:
        """Records the database held before the load."""
        return self.n_changed + self.n_unchanged + self.n_removed

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "changed": {
                t: [
                    {
                        "slug": s,
                        "fields": f,
                        "values": {k: {"old": o, "new": n} for k, (o, n) in self.values.get(t, {}).get(s, {}).items()},
                    }
                    for s, f in rows
                ]
                for t, rows in self.changed.items()
            },
            "unchanged": self.unchanged,
            "removed": self.removed,
            "pruned": self.pruned,
        }

    def lines(self, *, verbose: bool = True) -> list[str]:
        out: list[str] = []
        if verbose:
            for table, slugs in self.added.items():
                out += listed("added:    ", table, slugs)
            for table, rows in self.changed.items():
                out += listed("changed:  ", table, [f"{slug} ({', '.join(fields)})" for slug, fields in rows])
            verb = "deleted:  " if self.pruned else "not in seed:"
            for table, slugs in self.removed.items():
                out += listed(verb, table, slugs)
        summary = f"{self.n_added} added, {self.n_changed} changed, {self.n_unchanged} unchanged"
        if self.n_removed:
            summary += f", {self.n_removed} {'deleted' if self.pruned else 'not in the seed (use --prune to delete)'}"
        out.append(summary)
        return out


#: Above this many records of one table, a report line gives the count instead of each slug.
LIST_LIMIT = 20


def listed(verb: str, table: str, items: list[str]) -> list[str]:
    if len(items) > LIST_LIMIT:
        return [f"{verb} {len(items)} {table} records"]
    return [f"{verb} {table} {item}" for item in items]


def _resolve(row: Row, ids: dict[str, dict[str, int]], skip_table: str | None = None) -> tuple[Row, Row]:
    """Replace Refs by ids. Self-references (to ``skip_table``) are returned separately."""
    values: Row = {}
    deferred: Row = {}
    for key, value in row.items():
        if isinstance(value, Ref):
            if value.table == skip_table:
                deferred[key] = value
            else:
                values[key] = ids[value.table][value.slug]
        else:
            values[key] = value
    return values, deferred


class _History:
    """What a load needs to write history: the seed's rows and the database's rows before it."""

    def __init__(self, bundle: Bundle, *, enabled: bool = True) -> None:
        self.bundle = bundle
        self.enabled = enabled
        self.before: dict[str, dict[str, Row]] = {}  # table -> slug -> row as it was
        self._slug_of: dict[str, dict[int, str]] = {}
        self._latest: dict[Any, Row] | None = None

    def latest_status(self) -> dict[Any, Row]:
        """case id -> its current status row, before the load."""
        if self._latest is None:
            self._latest = {}
            for r in self.before.get("case_status", {}).values():
                seen = self._latest.get(r["case_id"])
                if seen is None or (r["as_of"], r["id"]) > (seen["as_of"], seen["id"]):
                    self._latest[r["case_id"]] = r
        return self._latest

    def slug_of(self, table: str, id_: Any, ids: dict[str, dict[str, int]]) -> str | None:
        """The slug of ``table``'s row ``id_`` (before or after the load)."""
        if id_ is None:
            return None
        by_id = self._slug_of.get(table)
        if by_id is None or id_ not in by_id:
            by_id = {i: s for s, i in ids.get(table, {}).items()}
            self._slug_of[table] = by_id
        return by_id.get(id_)

    def case_of_seed_row(self, table: str, slug: str, row: Row) -> str | None:
        if table == "legal_case":
            return slug
        case = row.get("case_id")
        if isinstance(case, Ref):
            return case.slug
        for value in row.values():
            if isinstance(value, Ref):
                if value.table == "legal_case":
                    return value.slug
                parent = self.bundle.rows.get(value.table, {}).get(value.slug)
                if parent is not None:
                    up = parent.get("case_id")
                    if isinstance(up, Ref):
                        return up.slug
                    if value.table == "legal_case":
                        return value.slug
        return None

    def case_of_db_row(self, table: str, row: Row, ids: dict[str, dict[str, int]]) -> str | None:
        if table == "legal_case":
            return str(row["slug"])
        if row.get("case_id") is not None:
            return self.slug_of("legal_case", row["case_id"], ids)
        links: list[tuple[str, Any]] = []
        if table == "citation":
            links.append((str(row["subject_type"]), row["subject_id"]))
        for fk in metadata.tables[table].foreign_keys:
            links.append((fk.column.table.name, row.get(fk.parent.name)))
        for target, id_ in links:
            if id_ is None:
                continue
            if target == "legal_case":
                return self.slug_of("legal_case", id_, ids)
            parent_slug = self.slug_of(target, id_, ids)
            parent = self.before.get(target, {}).get(parent_slug or "")
            if parent is not None and parent.get("case_id") is not None:
                return self.slug_of("legal_case", parent["case_id"], ids)
        return None


def _text(value: Any) -> str | None:
    """A value as history keeps it: text, dates in ISO form, booleans as true/false."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _load_table(
    conn: Connection,
    table_name: str,
    rows: dict[str, Row],
    ids: dict[str, dict[str, int]],
    report: LoadReport,
    history: _History,
) -> None:
    table = metadata.tables[table_name]
    existing = {r.slug: dict(r._mapping) for r in conn.execute(select(table))}
    history.before[table_name] = existing
    ids[table_name] = {slug: row["id"] for slug, row in existing.items()}
    #: column -> the table it refers to, for recording a changed reference as a slug.
    refers = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
    record = report.history.append
    keep = history.enabled
    is_status = table_name == "case_status"
    added: list[str] = []
    changed: dict[str, list[str]] = {}
    deferred_rows: dict[str, Row] = {}
    #: New rows in seed order, in runs with the same columns: each run is one executemany
    #: (ids are given in seed order, as one row at a time and the bulk import give them).
    new: list[list[Row]] = []
    for slug, row in rows.items():
        values, deferred = _resolve(row, ids, skip_table=table_name)
        if deferred:
            deferred_rows[slug] = deferred
        old = existing.get(slug)
        if old is None:
            if new and new[-1][0].keys() == values.keys():
                new[-1].append(values)
            else:
                new.append([values])
            added.append(slug)
            if keep:
                field_, old_, new_ = _status_values(table_name, row, history, ids) if is_status else _NO_VALUES
                record((table_name, slug, "added", field_, old_, new_, history.case_of_seed_row(table_name, slug, row)))
            continue
        diff = [key for key, value in values.items() if old.get(key) != value]
        if diff:
            conn.execute(update(table).where(table.c.id == old["id"]).values({k: values[k] for k in diff}))
            changed[slug] = diff
            report.values.setdefault(table_name, {})[slug] = {k: (old.get(k), values[k]) for k in diff}
            case_slug = history.case_of_seed_row(table_name, slug, row)
            for key in diff if keep else ():
                new_value = row[key]
                old_value = old.get(key)
                if key in refers:
                    old_value = history.slug_of(refers[key], old_value, ids)
                    new_value = new_value.slug if isinstance(new_value, Ref) else new_value
                record((table_name, slug, "changed", key, _text(old_value), _text(new_value), case_slug))
    if new:
        # Each run goes as multi-row INSERTs with RETURNING (SQLAlchemy's "insertmanyvalues"):
        # the 189,709 rows of the benchmark seed loaded in 28 s as single-row statements, each
        # one built and compiled again, and in 6 s this way.
        stmt = insert(table).returning(table.c.slug, table.c.id, sort_by_parameter_order=True)
        for batch in new:
            ids[table_name].update((slug, id_) for slug, id_ in conn.execute(stmt, batch))
    for slug, deferred in deferred_rows.items():
        values = {key: ids[ref.table][ref.slug] for key, ref in deferred.items()}
        old = existing.get(slug)
        diff = [key for key, value in values.items() if old is None or old.get(key) != value]
        if diff:
            conn.execute(update(table).where(table.c.id == ids[table_name][slug]).values({k: values[k] for k in diff}))
            if old is not None:
                changed.setdefault(slug, []).extend(diff)
                report.values.setdefault(table_name, {}).setdefault(slug, {}).update(
                    {k: (old.get(k), values[k]) for k in diff}
                )
                for key in diff if keep else ():
                    record(
                        (
                            table_name,
                            slug,
                            "changed",
                            key,
                            history.slug_of(table_name, old.get(key), ids),
                            deferred[key].slug,
                            history.case_of_seed_row(table_name, slug, rows[slug]),
                        )
                    )
    if added:
        report.added[table_name] = added
    if changed:
        report.changed[table_name] = sorted(changed.items())
    report.unchanged[table_name] = len(rows) - len(added) - len(changed)
    gone = sorted(set(existing) - set(rows))
    if gone:
        report.removed[table_name] = gone


def _where(engine: Engine) -> str:
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return url.database or ""
    return url.render_as_string(hide_password=True)


class PruneDeclined(CasetrackError):
    """The records that --prune would delete were not confirmed: nothing was written."""


#: (field, old value, new value) of an added record: none.
_NO_VALUES: tuple[None, None, None] = (None, None, None)


def _status_values(
    table_name: str, row: Row, history: _History, ids: dict[str, dict[str, int]]
) -> tuple[str | None, str | None, str | None]:
    """A new case status records the case's status before it and after: "pending → settled"."""
    case = row["case_id"]
    case_id = ids.get("legal_case", {}).get(case.slug) if isinstance(case, Ref) else None
    statuses = history.latest_status()
    latest = statuses.get(case_id)
    if latest is not None and latest["as_of"] > row["as_of"]:
        return _NO_VALUES  # an earlier status filled in: the current one stays
    if case_id is not None:
        statuses[case_id] = {"as_of": row["as_of"], "id": 0, "status": row["status"]}
    return "status", latest["status"] if latest else None, row["status"]


def _deletions(report: LoadReport, history: _History, ids: dict[str, dict[str, int]]) -> None:
    for table_name in LOAD_ORDER:
        for slug in report.removed.get(table_name, ()):
            row = history.before[table_name][slug]
            case_slug = history.case_of_db_row(table_name, row, ids)
            report.history.append((table_name, slug, "deleted", None, None, None, case_slug))


def load_bundle(
    engine: Engine,
    bundle: Bundle,
    *,
    prune: bool = False,
    dry_run: bool = False,
    confirm_prune: Callable[[LoadReport], None] | None = None,
    seed_dir: Path | str | None = None,
    history: bool = True,
) -> LoadReport:
    """Upsert every row of ``bundle`` in one transaction (rolled back on any error or dry run).

    With ``prune``, ``confirm_prune`` sees the report before anything is deleted; it raises
    (:class:`PruneDeclined`) to roll everything back. The load and each record it added,
    changed or deleted go to ``history_load`` and ``history_change`` in the same transaction
    (``seed_dir``: the folder it came from). ``history=False`` leaves the history out (for
    measuring what it costs).
    """
    report = LoadReport(pruned=prune)
    git = git_state(seed_dir) if seed_dir is not None and not dry_run else (None, None)
    try:
        with engine.connect() as conn:
            transaction = conn.begin()
            try:
                if not dry_run:
                    begin_write(conn, where=_where(engine))
                ids: dict[str, dict[str, int]] = {}
                recorder = _History(bundle, enabled=history)
                for table_name in LOAD_ORDER:
                    _load_table(conn, table_name, bundle.rows[table_name], ids, report, recorder)
                if prune and report.n_removed and confirm_prune is not None and not dry_run:
                    confirm_prune(report)
                if prune and history:
                    _deletions(report, recorder, ids)
                if prune:
                    for table_name in reversed(LOAD_ORDER):
                        slugs = report.removed.get(table_name)
                        if slugs:
                            table = metadata.tables[table_name]
                            conn.execute(delete(table).where(table.c.slug.in_(slugs)))
                if dry_run:
                    transaction.rollback()
                elif not history:
                    transaction.commit()
                else:
                    report.load_id = record_load(
                        conn,
                        kind="seed",
                        seed_dir=None if seed_dir is None else str(Path(seed_dir).resolve()),
                        git=git,
                        counts={
                            "added": report.n_added,
                            "changed": report.n_changed,
                            "deleted": report.n_removed if prune else 0,
                            "unchanged": report.n_unchanged,
                        },
                        changes=report.history,
                    )
                    transaction.commit()
            except BaseException:
                if transaction.is_active:
                    transaction.rollback()
                raise
    except IntegrityError as exc:
        detail = str(exc.orig).splitlines()[0]
        hint = " (records outside the seed still refer to it; remove them first)" if prune else ""
        raise DatabaseError(f"seed load rolled back, nothing written: {detail}{hint}") from None
    except DBAPIError as exc:
        from casetrack.db import Target, describe_db_error

        target = Target(engine.url.render_as_string(hide_password=False), "--db")
        raise DatabaseError(f"seed load rolled back, nothing written: {describe_db_error(exc, target)}") from None
    return report
