"""Load history: what each seed load or bulk import changed, as redlines; followed cases; a feed.

Every committed ``seed load`` and bulk import writes one ``history_load`` row and, in the
same transaction, one ``history_change`` row per record added or deleted and per field that
changed (docs/schema.md, "History"). This module writes those rows, reads them back as
one-sentence redlines ("Dominion v. Powell: status pending → settled, as of 2 Jan 2025;
source …"), keeps a reporter's list of followed cases in the user data folder (so it works
on a read-only or shared PostgreSQL database) and writes an Atom feed. Never imports Textual.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select

from casetrack.errors import CasetrackError, UsageError
from casetrack.watch import Watch as Watch  # following, kept per user outside the database
from casetrack.watch import follow_file as follow_file

# --- writing -------------------------------------------------------------------------------


def git_state(folder: Path | str) -> tuple[str | None, bool | None]:
    """(commit, dirty) of the git repository ``folder`` is in; (None, None) outside one.

    ``dirty`` is whether the folder itself has uncommitted changes (untracked files included).
    """
    path = Path(folder)
    if not path.is_dir():
        return None, None
    try:
        commit = subprocess.run(
            ["git", "-C", str(path), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=False
        )
        if commit.returncode != 0:
            return None, None
        status = subprocess.run(
            ["git", "-C", str(path), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None, None
    dirty = bool(status.stdout.strip()) if status.returncode == 0 else None
    return commit.stdout.strip() or None, dirty


def now_utc() -> dt.datetime:
    """The time a load is recorded: UTC, without tzinfo (as the column stores it), to the microsecond."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


#: The columns of a ``history_change`` row as loads collect them (``load_id`` comes first).
CHANGE_COLUMNS = ("table_name", "record_slug", "op", "field", "old_value", "new_value", "case_slug")


def record_load(
    conn: Connection,
    *,
    kind: str,
    seed_dir: str | None,
    git: tuple[str | None, bool | None],
    counts: Mapping[str, int],
    changes: Sequence[Sequence[Any]],
) -> int:
    """Write a ``history_load`` row and its ``history_change`` rows on ``conn`` (the load's own
    transaction). ``changes`` are tuples in the order of :data:`CHANGE_COLUMNS`. Returns the
    load's id."""
    from casetrack.models import HistoryLoad

    load = HistoryLoad.__table__  # type: ignore[attr-defined]
    load_id = conn.execute(
        insert(load).returning(load.c.id),
        {
            "loaded_at": now_utc(),
            "kind": kind,
            "seed_dir": seed_dir,
            "git_commit": git[0],
            "git_dirty": git[1],
            "added": counts.get("added", 0),
            "changed": counts.get("changed", 0),
            "deleted": counts.get("deleted", 0),
            "unchanged": counts.get("unchanged", 0),
        },
    ).scalar_one()
    if changes:
        # The driver's own executemany: through SQLAlchemy's per-row parameter handling the
        # 214,265 rows of the benchmark seed's first load cost a third of the load itself.
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        sql = (
            f"INSERT INTO history_change (load_id, {', '.join(CHANGE_COLUMNS)}) "
            f"VALUES ({', '.join([mark] * (len(CHANGE_COLUMNS) + 1))})"
        )
        for start in range(0, len(changes), 50_000):
            conn.exec_driver_sql(sql, [(load_id, *c) for c in changes[start : start + 50_000]])
    return int(load_id)


# --- reading -------------------------------------------------------------------------------

#: What ``--kind`` accepts besides table names.
KIND_ALIASES = {"case": "legal_case", "status": "case_status", "person": "party", "people": "party"}
#: How a table is named in a sentence.
KIND_LABELS = {"legal_case": "case", "case_status": "status", "party": "party"}
#: How a field is named in a sentence.
FIELD_LABELS = {"case_name": "caption", "short_name": "short name"}
#: Longer values are cut in the sentence (JSON and CSV keep them whole).
SENTENCE_VALUE_LIMIT = 80


@dataclass(frozen=True)
class Load:
    id: int
    loaded_at: dt.datetime
    kind: str
    seed_dir: str | None
    git_commit: str | None
    git_dirty: bool | None
    added: int
    changed: int
    deleted: int
    unchanged: int
    records: int  # rows of history_change


@dataclass(frozen=True)
class Change:
    id: int
    load_id: int
    loaded_at: dt.datetime
    table: str
    slug: str
    op: str
    field: str | None
    old_value: str | None
    new_value: str | None
    case_slug: str | None
    case_name: str | None
    sentence: str
    extra: dict[str, str] = dataclasses.field(default_factory=dict, compare=False)
    #: The record as a reader knows it ('RNC news conference', 'Eric Coomer (plaintiff)');
    #: None for one that is gone (deleted by --prune), whose sentence names it by slug.
    name: str | None = None

    @property
    def when(self) -> str:
        """The load's time as history shows it: '7 Dec 2026 19:47 UTC'."""
        return load_time(self.loaded_at)

    @property
    def day(self) -> str:
        """The load's day: '7 Dec 2026'."""
        return load_day(self.loaded_at)


def load_time(at: dt.datetime) -> str:
    """'7 Dec 2026 19:47 UTC' (loads are recorded in UTC)."""
    return f"{at.day} {at:%b %Y %H:%M} UTC"


def load_day(at: dt.datetime) -> str:
    """'7 Dec 2026', as dates read elsewhere."""
    return f"{at.day} {at:%b %Y}"


def resolve_kind(kind: str | None) -> str | None:
    from casetrack.models import metadata

    if kind is None:
        return None
    name = kind.strip().lower().replace("-", "_").replace(" ", "_")
    name = KIND_ALIASES.get(name, name)
    tables = sorted(t for t in metadata.tables if not t.startswith("history_"))
    if name not in tables:
        raise UsageError(f"unknown kind {kind!r}; choose from case, status, {', '.join(tables)}")
    return name


_LOAD_ID = re.compile(r"^#?(\d+)$")


def since_filter(since: str | None, seen: int | None = None) -> tuple[dt.datetime | None, int | None]:
    """``--since``: a date (changes loaded on or after it), a load id (that load and later ones)
    or ``seen`` (loads after the one last marked seen). Returns (earliest time, last load left out)."""
    if since is None:
        return None, None
    text = since.strip()
    if text == "seen":
        return None, seen or 0
    m = _LOAD_ID.match(text)
    if m and len(m[1]) < 8:
        return None, int(m[1]) - 1
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        try:
            return dt.datetime.fromisoformat(text).replace(tzinfo=None), None
        except ValueError:
            raise UsageError(
                f"--since {since!r}: give a date (2025-01-02), a load number (see: casetrack loads) or 'seen'"
            ) from None
    return dt.datetime.combine(day, dt.time()), None


def list_loads(conn: Connection) -> list[Load]:
    from casetrack.models import HistoryChange, HistoryLoad

    load = HistoryLoad.__table__  # type: ignore[attr-defined]
    change = HistoryChange.__table__  # type: ignore[attr-defined]
    n = select(func.count()).where(change.c.load_id == load.c.id).scalar_subquery()
    rows = conn.execute(select(*load.c, n).order_by(load.c.id)).all()
    return [Load(*r) for r in rows]


def latest_load_id(conn: Connection) -> int:
    from casetrack.models import HistoryLoad

    load = HistoryLoad.__table__  # type: ignore[attr-defined]
    return int(conn.execute(select(func.coalesce(func.max(load.c.id), 0))).scalar_one())


def list_changes(
    conn: Connection,
    *,
    since: str | None = None,
    case: str | None = None,
    cases: Iterable[str] | None = None,
    kind: str | None = None,
    seen: int | None = None,
    limit: int | None = None,
    record: tuple[str, str] | None = None,
) -> list[Change]:
    """Changes, oldest first, as redlines. ``case``/``cases`` filter by case slug, ``kind`` by
    table (or alias), ``since`` by date or load id (``seen``: the load last marked seen).
    ``record`` = (table, slug): one record's own history, with its citations' (read through
    the index on ``(table_name, record_slug)``)."""
    from casetrack.models import HistoryChange, HistoryLoad, LegalCase

    load = HistoryLoad.__table__  # type: ignore[attr-defined]
    change = HistoryChange.__table__  # type: ignore[attr-defined]
    table = resolve_kind(kind)
    after_date, after_load = since_filter(since, seen)
    stmt = select(change, load.c.loaded_at).join(load, load.c.id == change.c.load_id)
    if table is not None:
        stmt = stmt.where(change.c.table_name == table)
    if case is not None:
        legal_case = LegalCase.__table__  # type: ignore[attr-defined]
        known = conn.execute(select(legal_case.c.id).where(legal_case.c.slug == case)).first()
        recorded = conn.execute(select(change.c.id).where(change.c.case_slug == case).limit(1)).first()
        if known is None and recorded is None:
            raise NotFoundError(f"no case {case!r}; list them with: casetrack cases")
        stmt = stmt.where(change.c.case_slug == case)
    if cases is not None:
        stmt = stmt.where(change.c.case_slug.in_(list(cases)))
    if record is not None:
        own, slug = record
        # A citation's slug is '<table>/<record>/<n>'.
        stmt = stmt.where(
            or_(
                and_(change.c.table_name == own, change.c.record_slug == slug),
                and_(
                    change.c.table_name == "citation",
                    change.c.record_slug.startswith(f"{own}/{slug}/", autoescape=True),
                ),
            )
        )
    if after_date is not None:
        stmt = stmt.where(load.c.loaded_at >= after_date)
    if after_load is not None:
        stmt = stmt.where(change.c.load_id > after_load)
    stmt = stmt.order_by(change.c.load_id, change.c.id)
    if limit is not None:
        stmt = stmt.order_by(None).order_by(change.c.load_id.desc(), change.c.id.desc()).limit(limit)
    rows = list(conn.execute(stmt).all())
    if limit is not None:
        rows.reverse()
    return _redlines(conn, rows)


def changed_cases(conn: Connection, after_load: int) -> set[str]:
    """Slugs of the cases with a change in a load after ``after_load``."""
    from casetrack.models import HistoryChange

    change = HistoryChange.__table__  # type: ignore[attr-defined]
    stmt = select(change.c.case_slug).where(change.c.load_id > after_load, change.c.case_slug.is_not(None)).distinct()
    return set(conn.execute(stmt).scalars())


class NotFoundError(CasetrackError):
    pass


def _redlines(conn: Connection, rows: Sequence[Any]) -> list[Change]:
    from casetrack.models import LegalCase

    legal_case = LegalCase.__table__  # type: ignore[attr-defined]
    slugs = {r.case_slug for r in rows if r.case_slug}
    names: dict[str, str] = {}
    if slugs:
        for i in range(0, len(slugs), 500):
            chunk = sorted(slugs)[i : i + 500]
            q = select(legal_case.c.slug, legal_case.c.short_name).where(legal_case.c.slug.in_(chunk))
            names.update({m["slug"]: m["short_name"] for m in conn.execute(q).mappings()})
    statuses = _status_details(conn, {r.record_slug for r in rows if r.table_name == "case_status"})
    records = _record_names(conn, rows, statuses)
    out = []
    for r in rows:
        case_name = names.get(r.case_slug, r.case_slug) if r.case_slug else None
        extra = statuses.get(r.record_slug, {}) if r.table_name == "case_status" else {}
        name = records.get((r.table_name, r.record_slug))
        out.append(
            Change(
                r.id,
                r.load_id,
                r.loaded_at,
                r.table_name,
                r.record_slug,
                r.op,
                r.field,
                r.old_value,
                r.new_value,
                r.case_slug,
                case_name,
                _sentence(r, case_name, extra, records),
                extra,
                name,
            )
        )
    return out


def _status_details(conn: Connection, slugs: set[str]) -> dict[str, dict[str, str]]:
    """case status slug -> its "as of" date and first source, as a reader sees them."""
    from casetrack.dates import format_date
    from casetrack.locators import place, source_name
    from casetrack.models import CaseStatus, Citation, Source

    if not slugs:
        return {}
    cs = CaseStatus.__table__  # type: ignore[attr-defined]
    cit = Citation.__table__  # type: ignore[attr-defined]
    src = Source.__table__  # type: ignore[attr-defined]
    out: dict[str, dict[str, str]] = {}
    ids: dict[int, str] = {}
    chunks = sorted(slugs)
    for i in range(0, len(chunks), 500):
        q = select(
            cs.c.id,
            cs.c.slug,
            cs.c.status,
            cs.c.as_of,
            cs.c.as_of_precision,
            cs.c.as_of_approximate,
            cs.c.as_of_end,
            cs.c.as_of_bound,
        ).where(cs.c.slug.in_(chunks[i : i + 500]))
        for m in conn.execute(q).mappings():
            ids[m["id"]] = m["slug"]
            out[m["slug"]] = {
                "status": m["status"],
                "as_of": format_date(
                    m["as_of"], m["as_of_precision"], bool(m["as_of_approximate"]),
                    end=m["as_of_end"], bound=m["as_of_bound"],
                )
            }  # fmt: skip
        q2 = (
            select(
                cit.c.subject_id,
                src.c.short_title,
                src.c.title,
                cit.c.locator,
                src.c.date_published,
                src.c.date_published_precision,
                src.c.date_published_approximate,
                src.c.date_published_end,
                src.c.date_published_bound,
            )
            .join(src, src.c.id == cit.c.source_id)
            .where(cit.c.subject_type == "case_status", cit.c.subject_id.in_(list(ids)))
            .order_by(cit.c.subject_id, cit.c.position)
        )
        for m in conn.execute(q2).mappings():
            entry = out[ids[m["subject_id"]]]
            published = m["date_published"]
            date = None
            if published:
                date = format_date(
                    published, m["date_published_precision"], bool(m["date_published_approximate"]),
                    end=m["date_published_end"], bound=m["date_published_bound"],
                )  # fmt: skip
            entry.setdefault("source", f"{source_name(m['short_title'], m['title'], date)}, {place(m['locator'])}")
    return out


#: Tables whose records a reader knows by their title.
_TITLED = ("event", "filing", "ruling", "source")
#: The column that names a record of each table read by a plain query.
_NAME_COLUMNS = {
    **dict.fromkeys(_TITLED, "title"),
    **dict.fromkeys(("party", "court", "actor"), "name"),
    "legal_case": "short_name",
}
#: A quote is named by its speaker and this many of its first words.
QUOTE_WORDS = 6


def _record_names(
    conn: Connection, rows: Sequence[Any], statuses: Mapping[str, Mapping[str, str]]
) -> dict[tuple[str, str], str]:
    """(table, slug) -> the record as a reader knows it, for the records that still exist:
    one query per table (per 500 slugs). A citation's record ('filing/x/1') is named by its
    subject's."""
    from casetrack.models import Actor, CaseRole, Deposition, Party, Quote, metadata
    from casetrack.vocab import label

    wanted: dict[str, set[str]] = {}
    for r in rows:
        wanted.setdefault(r.table_name, set()).add(r.record_slug)
        if r.table_name == "citation" and r.record_slug.count("/") >= 2:
            own, slug = r.record_slug.split("/")[:2]
            wanted.setdefault(own, set()).add(slug)
    out: dict[tuple[str, str], str] = {}
    for slug, detail in statuses.items():
        if detail.get("status"):
            out["case_status", slug] = f"{label(detail['status'])} as of {detail['as_of']}"
    party = Party.__table__  # type: ignore[attr-defined]
    for table, slugs in wanted.items():
        chunks = sorted(slugs)
        for i in range(0, len(chunks), 500):
            chunk = chunks[i : i + 500]
            if table in _NAME_COLUMNS:
                t = metadata.tables[table]
                q: Any = select(t.c.slug, t.c[_NAME_COLUMNS[table]]).where(t.c.slug.in_(chunk))
            elif table == "deposition":
                d = Deposition.__table__  # type: ignore[attr-defined]
                q = (
                    select(d.c.slug, ("Deposition of " + party.c.name))
                    .join(party, party.c.id == d.c.deponent_id)
                    .where(d.c.slug.in_(chunk))
                )
            elif table == "quote":
                qt, actor = Quote.__table__, Actor.__table__  # type: ignore[attr-defined]
                stmt = select(qt.c.slug, actor.c.name, qt.c.text).join(actor, actor.c.id == qt.c.speaker_actor_id)
                for slug, speaker, text in conn.execute(stmt.where(qt.c.slug.in_(chunk))):
                    words = text.split()
                    opening = " ".join(words[:QUOTE_WORDS]) + ("…" if len(words) > QUOTE_WORDS else "")
                    out[table, slug] = f"{speaker}: “{opening}”"
                continue
            elif table == "case_role":
                cr = CaseRole.__table__  # type: ignore[attr-defined]
                client = party.alias("client")
                stmt = (
                    select(cr.c.slug, party.c.name, cr.c.role, client.c.name)
                    .join(party, party.c.id == cr.c.party_id)
                    .outerjoin(client, client.c.id == cr.c.for_party_id)
                    .where(cr.c.slug.in_(chunk))
                )
                for slug, who, role, for_whom in conn.execute(stmt):
                    out[table, slug] = f"{who} ({label(role)}{f' for {for_whom}' if for_whom else ''})"
                continue
            else:
                break
            out.update({(table, slug): name for slug, name in conn.execute(q) if name})
    return out


def _record(table: str, slug: str, case_name: str | None, names: Mapping[tuple[str, str], str]) -> str:
    """How a sentence names a record: 'event “RNC news conference”', 'case role Eric Coomer
    (plaintiff)', 'status pending as of 11 Aug 2021'; by slug once it is gone."""
    kind = KIND_LABELS.get(table, table.replace("_", " "))
    if table == "citation" and slug.count("/") >= 2:
        own, record, n = slug.split("/", 2)
        if (own, record) in names:
            return f"citation {n} of {_record(own, record, case_name, names)}"
    if table == "legal_case" and case_name:
        return "case"
    name = names.get((table, slug))
    if name is None:
        return f"{kind} {slug}"
    if table == "legal_case":
        return f"case {name}"
    if table == "deposition":
        return name[:1].lower() + name[1:]
    if table in _TITLED:
        return f"{kind} “{name}”"
    if table == "quote":
        return f"quote by {name.replace(': ', ', ', 1)}"
    return f"{kind} {name}"


def _value(value: str | None) -> str:
    if value is None:
        return "(none)"
    text = " ".join(value.split())
    if len(text) > SENTENCE_VALUE_LIMIT:
        text = text[: SENTENCE_VALUE_LIMIT - 1] + "…"
    return f"“{text}”"


def _sentence(r: Any, case_name: str | None, extra: Mapping[str, str], names: Mapping[tuple[str, str], str]) -> str:
    prefix = f"{case_name}: " if case_name else ""
    if r.table_name == "case_status" and r.field == "status" and r.op != "deleted":
        old = (r.old_value or "none").replace("_", " ")
        text = f"{prefix}status {old} → {(r.new_value or 'none').replace('_', ' ')}"
        if "as_of" in extra:
            text += f", as of {extra['as_of']}"
        if "source" in extra:
            text += f"; source {extra['source']}"
        return text
    what = _record(r.table_name, r.record_slug, case_name, names)
    if r.table_name in _TITLED and r.field == "title" and r.op == "changed":
        # The old and new titles say which: 'filing title “…” → “…”'.
        return f"{prefix}{r.table_name} title {_value(r.old_value)} → {_value(r.new_value)}"
    if r.op == "added":
        return f"{prefix}{what} added"
    if r.op == "deleted":
        return f"{prefix}{what} deleted"
    label = FIELD_LABELS.get(r.field or "", (r.field or "").replace("_", " "))
    subject = label if r.table_name == "legal_case" else f"{what}: {label}"
    return f"{prefix}{subject} {_value(r.old_value)} → {_value(r.new_value)}"


# --- the feed ------------------------------------------------------------------------------

FEED_ID = "urn:casetrack:changes"


def entry_id(change: Change) -> str:
    """Stable across runs: the load's time, the load and the change row."""
    stamp = change.loaded_at.strftime("%Y%m%dT%H%M%S.%f")
    return f"urn:casetrack:change:{stamp}:{change.load_id}:{change.id}"


def atom_feed(changes: Sequence[Change], *, title: str, feed_id: str = FEED_ID) -> bytes:
    """An Atom feed with one entry per change, newest first, titled by its redline."""
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.author({"name": "casetrack"})
    fg.generator("casetrack")
    fg.language("en")
    updated = max((c.loaded_at for c in changes), default=dt.datetime(2020, 1, 1))
    fg.updated(updated.replace(tzinfo=dt.UTC))
    for change in changes:  # feedgen puts each new entry first: oldest in, newest on top
        entry = fg.add_entry()
        entry.id(entry_id(change))
        entry.title(change.sentence)
        entry.updated(change.loaded_at.replace(tzinfo=dt.UTC))
        detail = f"{change.sentence}\n\nLoad {change.load_id}: {change.table} {change.slug} {change.op}"
        if change.field:
            detail += f" ({change.field}: {change.old_value!r} → {change.new_value!r})"
        entry.content(detail, type="text")
        if change.case_slug:
            entry.category(term=change.case_slug, label=change.case_name or change.case_slug)
    return bytes(fg.atom_str(pretty=True))
