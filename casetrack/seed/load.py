"""Write a compiled seed to the database: an upsert by slug, in one transaction.

Loading the same seed twice changes nothing. A record whose fields changed is updated in
place (its id, and so every script's joins, stay). Records in the database that the seed no
longer has are reported, and deleted only with ``prune=True``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from casetrack.db import CasetrackError, DatabaseError
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


def _load_table(
    conn: Connection, table_name: str, rows: dict[str, Row], ids: dict[str, dict[str, int]], report: LoadReport
) -> None:
    table = metadata.tables[table_name]
    existing = {r.slug: dict(r._mapping) for r in conn.execute(select(table))}
    ids[table_name] = {slug: row["id"] for slug, row in existing.items()}
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
            continue
        diff = [key for key, value in values.items() if old.get(key) != value]
        if diff:
            conn.execute(update(table).where(table.c.id == old["id"]).values({k: values[k] for k in diff}))
            changed[slug] = diff
            report.values.setdefault(table_name, {})[slug] = {k: (old.get(k), values[k]) for k in diff}
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
    if added:
        report.added[table_name] = added
    if changed:
        report.changed[table_name] = sorted(changed.items())
    report.unchanged[table_name] = len(rows) - len(added) - len(changed)
    gone = sorted(set(existing) - set(rows))
    if gone:
        report.removed[table_name] = gone


class PruneDeclined(CasetrackError):
    """The records that --prune would delete were not confirmed: nothing was written."""


def load_bundle(
    engine: Engine,
    bundle: Bundle,
    *,
    prune: bool = False,
    dry_run: bool = False,
    confirm_prune: Callable[[LoadReport], None] | None = None,
) -> LoadReport:
    """Upsert every row of ``bundle`` in one transaction (rolled back on any error or dry run).

    With ``prune``, ``confirm_prune`` sees the report before anything is deleted; it raises
    (:class:`PruneDeclined`) to roll everything back."""
    report = LoadReport(pruned=prune)
    try:
        with engine.connect() as conn:
            transaction = conn.begin()
            try:
                ids: dict[str, dict[str, int]] = {}
                for table_name in LOAD_ORDER:
                    _load_table(conn, table_name, bundle.rows[table_name], ids, report)
                if prune and report.n_removed and confirm_prune is not None and not dry_run:
                    confirm_prune(report)
                if prune:
                    for table_name in reversed(LOAD_ORDER):
                        slugs = report.removed.get(table_name)
                        if slugs:
                            table = metadata.tables[table_name]
                            conn.execute(delete(table).where(table.c.slug.in_(slugs)))
                if dry_run:
                    transaction.rollback()
                else:
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
