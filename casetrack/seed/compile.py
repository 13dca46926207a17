"""Validate a seed directory and compile it into rows, reporting every problem at once.

Nothing here touches a database: :func:`compile_seed` turns ``seed/`` into a
:class:`Bundle` of plain rows (foreign keys as :class:`Ref` by slug), or raises
:class:`SeedErrors` listing each problem as ``file:line:column: field: message``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from pydantic import BaseModel, ValidationError

from casetrack.dates import DateError, PartialDate, resolve_relative
from casetrack.db import CasetrackError
from casetrack.seed.inputs import (
    SLUG_RE,
    CaseIn,
    CaseLinkSpec,
    CitationSpec,
    CourtIn,
    DateSpec,
    EventIn,
    LooseEventIn,
    LooseQuoteIn,
    PartyIn,
    QuoteIn,
    SourceIn,
    SpeakerSpec,
)
from casetrack.seed.sourcetext import SourceText, normalise, source_text
from casetrack.seed.yamlio import MAX_FILE_BYTES, Path_, Positions, YamlProblem, decode_utf8, read_yaml
from casetrack.tables import TABLE_ORDER

SHARED_FILES: dict[str, type[BaseModel]] = {
    "sources.yaml": SourceIn,
    "courts.yaml": CourtIn,
    "parties.yaml": PartyIn,
}
#: Files of records that stand outside any one case; optional.
LOOSE_FILES: dict[str, type[BaseModel]] = {
    "events.yaml": LooseEventIn,
    "quotes.yaml": LooseQuoteIn,
}


TABLE_OF = {
    "sources.yaml": "source", "courts.yaml": "court", "parties.yaml": "party",
    "events.yaml": "event", "quotes.yaml": "quote",
}  # fmt: skip
#: The lists of records in a case file, and their tables.
CASE_LISTS = {
    "filings": "filing", "depositions": "deposition", "rulings": "ruling", "events": "event", "quotes": "quote",
    "parties": "case_role", "status": "case_status",
}  # fmt: skip


@dataclass(frozen=True, order=True)
class SeedIssue:
    file: str
    line: int
    column: int
    field: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "line": self.line or None, "column": self.column or None,
            "field": self.field or None, "message": " ".join(self.message.splitlines()),
        }  # fmt: skip

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return " ".join(text.splitlines())  # always one line, whatever the file contained


class SeedErrors(CasetrackError):
    def __init__(self, issues: list[SeedIssue]) -> None:
        self.issues = sorted(issues)
        more = f" (and {len(self.issues) - 1} more)" if len(self.issues) > 1 else ""
        super().__init__(f"{self.issues[0]}{more}")


@dataclass(frozen=True)
class Ref:
    """A foreign key written as the target's slug; the loader turns it into an id."""

    table: str
    slug: str


Row = dict[str, Any]


@dataclass
class Bundle:
    """Compiled seed: table name -> slug -> row, in load order."""

    rows: dict[str, dict[str, Row]]
    files: int

    def counts(self) -> dict[str, int]:
        return {table: len(rows) for table, rows in self.rows.items()}


LOAD_ORDER = TABLE_ORDER  # parents first

#: How a quote's parts are joined in ``quote.text``.
PART_SEPARATOR = " … "


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def field_path(path: Iterable[str | int]) -> str:
    """`filings[3].date_filed`; a key that is not a plain word is quoted: `sources[0]['\\n']`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            out += f".{part}" if out else part
        else:
            out += f"[{part!r}]"
    return out


@dataclass
class FileCtx:
    display: str
    pos: Positions
    issues: list[SeedIssue]

    #: For a salvaged case file: (list key, index in the salvaged list) -> index in the file.
    moved: dict[tuple[str | int, int], int] = field(default_factory=dict)

    def _in_file(self, path: Path_) -> Path_:
        if len(path) >= 2 and isinstance(path[1], int) and (path[0], path[1]) in self.moved:
            return (path[0], self.moved[(path[0], path[1])], *path[2:])
        return path

    def issue(self, path: Path_, message: str, *, key: bool = False) -> None:
        path = self._in_file(path)
        line, col = self.pos.find(path, key=key)
        self.issues.append(SeedIssue(self.display, line, col, field_path(path), message))

    def where(self, path: Path_) -> str:
        line, col = self.pos.find(self._in_file(path))
        return f"{self.display}:{line}:{col}"


@dataclass
class _Pending:
    ref: Ref
    ctx: FileCtx
    path: Path_
    same_case: str | None = None  # the referring case, when the target must be in it


def _display(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _model_at(model: Any, loc: Iterable[str | int]) -> type[BaseModel] | None:
    """The pydantic model that validates the mapping at ``loc`` below ``model``."""
    for part in loc:
        if isinstance(part, int):
            continue
        fields = {(f.alias or name): f for name, f in model.model_fields.items()}
        if part not in fields:
            return None
        model = _inner_model(fields[part].annotation)
        if model is None:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``list[X]``, ``X | None``, ``Annotated[X, ...]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


_QUOTED = re.compile(r"'([^']*)'")


def _model_issues(ctx: FileCtx, errors: Iterable[Any], prefix: Path_ = (), model: Any = None) -> None:
    for err in errors:
        loc = (*prefix, *err["loc"])
        if loc and loc[-1] in ("on", "ref") and loc not in ctx.pos.keys:
            loc = loc[:-1]  # the short form (`date_filed: 2021-08-25`) has no `on:` key to name
        msg = str(err["msg"]).removeprefix("Value error, ")
        kind = err["type"]
        if kind == "extra_forbidden":
            key = str(loc[-1])
            owner = _model_at(model, err["loc"][:-1]) if model is not None else None
            known = [f.alias or name for name, f in owner.model_fields.items()] if owner else []
            ctx.issue(loc, f"unknown key {key!r}{_did_you_mean(key, known)}", key=True)
        elif kind == "missing":
            ctx.issue(loc[:-1], f"missing required field {loc[-1]!r}")
        elif kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == SLUG_RE:
            ctx.issue(loc, f"{err['input']!r} is not a slug (lower-case letters, digits and hyphens)")
        elif kind == "enum":
            allowed = _QUOTED.findall(str(err.get("ctx", {}).get("expected", "")))
            value = err["input"]
            hint = _did_you_mean(str(value), allowed) if isinstance(value, str) else ""
            ctx.issue(loc, f"{value!r} is not one of {', '.join(allowed)}{hint}")
        else:
            ctx.issue(loc, msg)


@dataclass
class _State:
    """What the parts of a compilation share: the folder, the rows made so far, the registries
    of slugs and references, and every problem found."""

    dir: Path
    today: dt.date
    issues: list[SeedIssue] = field(default_factory=list)
    rows: dict[str, dict[str, Row]] = field(default_factory=lambda: {table: {} for table in LOAD_ORDER})
    defined: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, slug) -> "file:line:col"
    case_of: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (table, slug) -> the cases it is in
    pending: list[_Pending] = field(default_factory=list)
    #: Records that failed validation, and tables whose file could not be read: references
    #: to them are not reported again as unknown (their own error is the cause).
    broken: set[tuple[str, str]] = field(default_factory=set)
    unread: set[str] = field(default_factory=set)
    sources: dict[str, SourceIn] = field(default_factory=dict)
    texts: dict[str, SourceText | None] = field(default_factory=dict)
    source_at: dict[str, tuple[FileCtx, Path_]] = field(default_factory=dict)
    files: int = 0
    roles: dict[str, set[str]] = field(default_factory=dict)  # case slug -> its parties
    counsel_uses: list[tuple[str, str, FileCtx, Path_]] = field(default_factory=list)


class Reader:
    """Reads and decodes the seed's files into validated input models; a record that fails is
    reported and left out, so the rest is still checked."""

    def __init__(self, state: _State) -> None:
        self.state = state

    def _read(self, path: Path, *, optional: bool = False) -> tuple[Any, FileCtx] | None:
        ctx = FileCtx(_display(path), Positions(), self.state.issues)
        if optional and not path.exists():
            return None
        if not path.is_file():
            self.state.issues.append(SeedIssue(ctx.display, 0, 0, "", "missing or not a file"))
            return None
        self.state.files += 1
        try:
            inside = path.resolve().is_relative_to(self.state.dir.resolve())
        except (OSError, RuntimeError):  # a symlink loop
            inside = False
        if not inside:
            self.state.issues.append(SeedIssue(ctx.display, 0, 0, "", "a symlink that leads out of the seed folder"))
            return None
        try:
            data, ctx.pos = read_yaml(path)
        except YamlProblem as exc:
            self.state.issues.append(SeedIssue(ctx.display, exc.line, exc.column, "", exc.message))
            return None
        return data, ctx

    def read_list(
        self, path: Path, model: type[BaseModel], table: str, *, optional: bool = False
    ) -> list[tuple[BaseModel, FileCtx, Path_]]:
        read = self._read(path, optional=optional)
        if read is None:
            if not optional or path.exists():
                self.state.unread.add(table)
            return []
        data, ctx = read
        if data is None:
            return []
        if not isinstance(data, list):
            ctx.issue((), "expected a list of records (each starting with '- slug: ...')")
            self.state.unread.add(table)
            return []
        out: list[tuple[BaseModel, FileCtx, Path_]] = []
        for i, raw in enumerate(data):
            try:
                out.append((model.model_validate(raw), ctx, (i,)))
            except ValidationError as exc:
                _model_issues(ctx, exc.errors(), (i,), model)
                self._broken(table, raw)
        return out

    def _broken(self, table: str, raw: Any) -> None:
        """A record that failed validation: references to its slug are not reported as unknown."""
        slug = raw.get("slug") if isinstance(raw, dict) else None
        if isinstance(slug, str):
            self.state.broken.add((table, slug.strip()))

    def read_case(self, path: Path) -> tuple[CaseIn, FileCtx] | None:
        read = self._read(path)
        if read is None:
            self.state.broken.add(("legal_case", path.stem))
            return None
        data, ctx = read
        if not isinstance(data, dict):
            ctx.issue((), "expected a mapping with the case's fields (slug:, case_name:, ...)")
            self.state.broken.add(("legal_case", path.stem))
            return None
        case = self._salvage_case(data, ctx)
        if case is None:
            self._broken("legal_case", data)
            self.state.broken.add(("legal_case", path.stem))
            for key, table in CASE_LISTS.items():
                for raw in data.get(key) or [] if isinstance(data.get(key), list) else []:
                    self._broken(table, raw)
            return None
        if case.slug != path.stem:
            ctx.issue(("slug",), f"the slug {case.slug!r} must match the file name {path.stem!r}")
        return case, ctx

    def _salvage_case(self, data: dict[str, Any], ctx: FileCtx) -> CaseIn | None:
        """Validate a case file. A record in it that fails (a filing with a bad date) is reported
        and left out, as is a bad optional field of the case, so the rest is still checked."""
        current: dict[str, Any] | None = data
        dropped: dict[str, set[int]] = {}
        while current is not None:
            try:
                case = CaseIn.model_validate(current)
            except ValidationError as exc:
                # An emptied list (`status` needs one entry) follows from what was dropped.
                errors = [e for e in exc.errors() if not (len(e["loc"]) == 1 and e["loc"][0] in dropped)]
                _model_issues(ctx, errors, (), CaseIn)
                current = self._drop_failed(data, current, errors, dropped) if errors else None
                continue
            if dropped:
                for key, gone in dropped.items():
                    kept = [i for i in range(len(data[key])) if i not in gone]
                    ctx.moved.update(((key, new), old) for new, old in enumerate(kept))
            return case
        return None

    def _drop_failed(
        self, data: dict[str, Any], current: dict[str, Any], errors: list[Any], dropped: dict[str, set[int]]
    ) -> dict[str, Any] | None:
        """``current`` without what failed, or None when a required field of the case failed."""
        result = dict(current)
        for err in errors:
            loc = err["loc"]
            key = loc[0] if loc else None
            if key in CASE_LISTS and len(loc) >= 2 and isinstance(loc[1], int):
                dropped.setdefault(key, set()).add(loc[1])
                self._broken(CASE_LISTS[key], data[key][loc[1]])
            elif isinstance(key, str) and (
                (key in CaseIn.model_fields and not CaseIn.model_fields[key].is_required())
                or (err["type"] == "extra_forbidden" and len(loc) == 1)
            ):
                result.pop(key, None)
            else:
                return None
        for key, gone in dropped.items():
            result[key] = [item for i, item in enumerate(data[key]) if i not in gone]
        return result


class Resolver:
    """Slugs, references, dates, citations and source texts: what a row points at, checked."""

    def __init__(self, state: _State) -> None:
        self.state = state

    def define(self, table: str, slug: str, ctx: FileCtx, path: Path_, case: str | None = None) -> bool:
        key = (table, slug)
        if key in self.state.defined:
            label = table.replace("legal_case", "case").replace("_", " ")
            ctx.issue(path, f"duplicate {label} slug {slug!r} (first defined at {self.state.defined[key]})")
            return False
        self.state.defined[key] = ctx.where(path)
        if case is not None:
            self.state.case_of.setdefault(key, set()).add(case)
        return True

    def ref(self, table: str, slug: str | None, ctx: FileCtx, path: Path_, same_case: str | None = None) -> Ref | None:
        if slug is None:
            return None
        ref = Ref(table, slug)
        self.state.pending.append(_Pending(ref, ctx, path, same_case))
        return ref

    def one_of(
        self, spec: BaseModel | None, tables: tuple[str, ...], prefix: str, ctx: FileCtx, path: Path_, case: str | None
    ) -> Row:
        """Foreign-key columns for a `set_by:` or `from:` mapping that names one record of this case
        (of any case, for a record outside a case file)."""
        return {
            f"{prefix}{table}_id": self.ref(table, getattr(spec, table) if spec else None, ctx, (*path, table), case)
            for table in tables
        }

    def check_refs(self) -> None:
        for p in self.state.pending:
            key = (p.ref.table, p.ref.slug)
            label = p.ref.table.replace("legal_case", "case").replace("_", " ")
            if key not in self.state.defined:
                if key in self.state.broken or p.ref.table in self.state.unread:
                    continue  # its own error is reported
                known = [slug for (table, slug) in self.state.defined if table == p.ref.table]
                close = difflib.get_close_matches(p.ref.slug, known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                p.ctx.issue(p.path, f"unknown {label} {p.ref.slug!r}{hint}")
            elif p.same_case is not None and p.same_case not in self.state.case_of.get(key, {p.same_case}):
                cases = ", ".join(repr(c) for c in sorted(self.state.case_of[key]))
                p.ctx.issue(p.path, f"{label} {p.ref.slug!r} belongs to case {cases}, not {p.same_case!r}")

    def date(self, spec: DateSpec | None, ctx: FileCtx, path: Path_) -> PartialDate | None:
        value = self._date_value(spec, ctx, path)
        if value is not None and spec is not None and not spec.scheduled and value.value > self.state.today:
            ctx.issue(
                path,
                f"{value.display()} is later than today; a date still to come is written "
                f"{{on: {value.iso()}, scheduled: true}}",
            )
        return value

    def _date_value(self, spec: DateSpec | None, ctx: FileCtx, path: Path_) -> PartialDate | None:
        if spec is None:
            return None
        if spec.relative is None:
            return spec.absolute()
        if spec.to is None:
            return None  # the model reported it
        source = self.state.sources.get(spec.to)
        if source is None and (("source", spec.to) in self.state.broken or "source" in self.state.unread):
            return None
        if source is None:
            ctx.issue((*path, "to"), f"unknown source {spec.to!r}")
            return None
        published = source.date_published.absolute() if source.date_published else None
        if published is None:
            ctx.issue((*path, "to"), f"source {spec.to!r} has no absolute date_published")
            return None
        try:
            resolved = resolve_relative(spec.relative, published.value)
        except DateError as exc:
            ctx.issue((*path, "relative"), str(exc))
            return None
        approximate = resolved.approximate if spec.approximate is None else spec.approximate
        return PartialDate(resolved.value, resolved.precision, approximate, spec.says or spec.relative)

    def text(self, source_slug: str) -> SourceText | None:
        """The source's text, read once; a problem with its file is reported at the source."""
        if source_slug not in self.state.texts:
            self.state.texts[source_slug] = self._read_text(source_slug)
        return self.state.texts[source_slug]

    def _read_text(self, source_slug: str) -> SourceText | None:
        source = self.state.sources[source_slug]
        if not source.file:
            return None
        ctx, path = self.state.source_at[source_slug]
        texts = self.state.dir / "texts"
        name = PurePosixPath(source.file.replace("\\", "/"))
        if name.is_absolute() or ".." in name.parts or PureWindowsPath(source.file).drive:
            ctx.issue((*path, "file"), f"{source.file!r} is not a file name inside {_display(texts)}/")
            return None
        file = texts / name
        try:
            resolved = file.resolve()
            inside = resolved.is_relative_to(texts.resolve())
        except (OSError, RuntimeError):  # a symlink loop
            inside = False
        if not inside:
            ctx.issue((*path, "file"), f"{source.file!r} is a symlink that leads out of {_display(texts)}/")
            return None
        if not file.is_file():
            ctx.issue((*path, "file"), f"no such file in {_display(texts)}: {source.file}")
            return None
        try:
            with file.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise YamlProblem(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, the limit for a source text")
            raw = decode_utf8(data)
        except OSError as exc:
            ctx.issue((*path, "file"), f"cannot read {source.file}: {exc.strerror or exc}")
            return None
        except YamlProblem as exc:
            ctx.issue((*path, "file"), f"{source.file}:{exc.line}:{exc.column}: {exc.message}")
            return None
        if source.lines is not None:
            count = len(raw.splitlines())
            if source.lines[1] > count:
                first, last = source.lines
                ctx.issue((*path, "lines"), f"lines [{first}, {last}] go past the end of {source.file} ({count} lines)")
                return None
        return source_text(raw, source.lines)

    def locate(self, spec: CitationSpec, ctx: FileCtx, path: Path_) -> str | None:
        """Check a citation; return the cited text when the source text is at hand."""
        if spec.source not in self.state.sources:
            if ("source", spec.source) in self.state.broken or "source" in self.state.unread:
                return None
            close = difflib.get_close_matches(spec.source, list(self.state.sources), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            ctx.issue(path, f"unknown source {spec.source!r}{hint}")
            return None
        text = self.text(spec.source)
        if text is None:
            return None
        try:
            located = text.locate(spec.locator)
        except ValueError as exc:
            ctx.issue(path, str(exc))
            return None
        if text.fact_confidence(spec.locator) == "medium" and spec.confidence != "medium":
            ctx.issue(path, f"fact {spec.locator} is medium confidence; cite it with confidence: medium")
        return located

    def cite(self, table: str, slug: str, specs: list[CitationSpec], ctx: FileCtx, path: Path_) -> None:
        for i, spec in enumerate(specs):
            self.locate(spec, ctx, (*path, "sources", i))
            row_slug = f"{table}/{slug}/{i + 1}"
            self.state.rows["citation"][row_slug] = {
                "slug": row_slug,
                "subject_type": table,
                "subject_id": Ref(table, slug),
                "source_id": Ref("source", spec.source),
                "locator": spec.locator,
                "confidence": spec.confidence.value,
                "note": spec.note,
                "position": i,
            }

    def put(self, table: str, row: Row) -> None:
        self.state.rows[table][row["slug"]] = row


class Records:
    """The rows of sources, courts, parties, actors, links, events and quotes."""

    def __init__(self, state: _State, resolver: Resolver) -> None:
        self.state = state
        self.resolver = resolver

    def source_row(self, item: SourceIn, ctx: FileCtx, path: Path_) -> None:
        at = self.state.source_at.get(item.slug)
        if at is not None and at[0] is ctx and at[1] == path:
            self.resolver.text(item.slug)  # reports a problem with its file
        first, last = item.lines if item.lines else (None, None)
        self.resolver.put("source", {
            "slug": item.slug, "kind": item.kind.value, "title": item.title,
            "short_title": item.short_title, "publisher": item.publisher, "author": item.author,
            **date_columns("date_published", self.resolver.date(item.date_published, ctx, (*path, "date_published"))),
            "file": item.file, "first_line": first, "last_line": last,
        })  # fmt: skip
        self.resolver.cite("source", item.slug, list(item.sources), ctx, path)

    def simple_row(self, table: str, item: CourtIn | PartyIn, ctx: FileCtx, path: Path_) -> None:
        data = item.model_dump(exclude={"sources", "members"})
        if not self.resolver.define(table, data["slug"], ctx, (*path, "slug")):
            return
        self.resolver.put(table, {k: (v.value if hasattr(v, "value") else v) for k, v in data.items()})
        self.resolver.cite(table, data["slug"], list(item.sources), ctx, path)
        if isinstance(item, PartyIn):
            for i, m in enumerate(item.members):
                mp: Path_ = (*path, "members", i)
                slug = f"{item.slug}--{m.party}"
                if m.party == item.slug:
                    ctx.issue((*mp, "party"), "a group cannot be its own member")
                    continue
                if not self.resolver.define("party_member", slug, ctx, mp):
                    continue
                self.resolver.put("party_member", {
                    "slug": slug, "group_id": Ref("party", item.slug),
                    "member_id": self.resolver.ref("party", m.party, ctx, (*mp, "party")), "note": m.note,
                })  # fmt: skip
                self.resolver.cite("party_member", slug, list(m.sources), ctx, mp)

    def actor(self, spec: SpeakerSpec, ctx: FileCtx, path: Path_, case: str | None) -> Ref | None:
        """The actor a speaker or filer names, made the first time it is named."""
        parties = self.state.rows["party"]
        if spec.party is not None:
            self.resolver.ref("party", spec.party, ctx, (*path, "party") if (*path, "party") in ctx.pos.keys else path)
            party = parties.get(spec.party)
            if party is None:
                return None
            slug, row = spec.party, {"kind": "party", "name": party["name"], "party_id": Ref("party", spec.party)}
        elif spec.court is not None:
            self.resolver.ref("court", spec.court, ctx, (*path, "court"))
            court = self.state.rows["court"].get(spec.court)
            if court is None:
                return None
            slug, row = (
                f"court/{spec.court}",
                {"kind": "court", "name": court["name"], "court_id": Ref("court", spec.court)},
            )
        else:
            if spec.counsel_for is None:  # the speaker's validator sees to it
                raise ValueError("name one of 'party', 'court' or 'counsel_for'")
            in_case = spec.case or case
            if in_case is None:
                ctx.issue((*path, "counsel_for"), "counsel outside a case file needs 'case': the case they act in")
                return None
            self.resolver.ref("party", spec.counsel_for, ctx, (*path, "counsel_for"))
            self.resolver.ref("legal_case", in_case, ctx, (*path, "case"))
            self.resolver.ref("party", spec.lawyer, ctx, (*path, "lawyer"))
            client = parties.get(spec.counsel_for)
            lawyer = parties.get(spec.lawyer) if spec.lawyer else None
            if client is None or (spec.lawyer and lawyer is None):
                return None
            slug = f"counsel/{in_case}/{spec.counsel_for}" + (f"/{spec.lawyer}" if spec.lawyer else "")
            name = f"Counsel for {client['name']}"
            if lawyer is not None:
                name = f"{lawyer['name']}, counsel for {client['name']}"
            row = {
                "kind": "counsel", "name": name, "client_id": Ref("party", spec.counsel_for),
                "case_id": Ref("legal_case", in_case),
                "party_id": Ref("party", spec.lawyer) if spec.lawyer else None,
            }  # fmt: skip
            self.state.counsel_uses.append((spec.counsel_for, in_case, ctx, (*path, "counsel_for")))
        if slug not in self.state.rows["actor"]:
            self.resolver.put("actor", {
                "slug": slug, "kind": row["kind"], "name": row["name"], "party_id": row.get("party_id"),
                "court_id": row.get("court_id"), "client_id": row.get("client_id"), "case_id": row.get("case_id"),
            })  # fmt: skip
        return Ref("actor", slug)

    def case_links(self, case: CaseIn, ctx: FileCtx) -> None:
        """Define the case's records, and the further cases each is in, before any is used."""
        cs = case.slug
        for key, table in (
            ("filings", "filing"),
            ("depositions", "deposition"),
            ("rulings", "ruling"),
            ("events", "event"),
        ):
            for i, item in enumerate(getattr(case, key)):
                if self.resolver.define(table, item.slug, ctx, (key, i, "slug"), cs):
                    for link in getattr(item, "also_cases", []):
                        self.state.case_of[(table, item.slug)].add(link.case)

    def links(
        self, table: str, slug: str, home: str | None, links: list[CaseLinkSpec], ctx: FileCtx, path: Path_
    ) -> None:
        """Rows of ``<table>_case`` for the further cases a record bears on."""
        for j, link in enumerate(links):
            lp: Path_ = (*path, j)
            if link.case == home:
                ctx.issue(lp, "repeats the record's own case")
                continue
            row_slug = f"{slug}--{link.case}"
            if not self.resolver.define(f"{table}_case", row_slug, ctx, lp):
                continue
            self.resolver.put(f"{table}_case", {
                "slug": row_slug, f"{table}_id": Ref(table, slug),
                "case_id": self.resolver.ref("legal_case", link.case, ctx, lp),
            })  # fmt: skip
            self.resolver.cite(f"{table}_case", row_slug, list(link.sources), ctx, lp)

    def event_row(self, cs: str | None, e: EventIn, ctx: FileCtx, p: Path_) -> None:
        self.resolver.put("event", {
            "slug": e.slug, "case_id": Ref("legal_case", cs) if cs else None, "kind": e.kind.value,
            "title": e.title, **date_columns("date", self.resolver.date(e.date, ctx, (*p, "date"))),
            "location": e.location, "description": e.description,
        })  # fmt: skip
        self.links("event", e.slug, cs, list(e.also_cases), ctx, (*p, "cases" if cs is None else "also_cases"))
        self.resolver.cite("event", e.slug, list(e.sources), ctx, p)

    def quote_rows(self, cs: str | None, q: QuoteIn, ctx: FileCtx, p: Path_) -> None:
        if not self.resolver.define("quote", q.slug, ctx, (*p, "slug"), cs):
            return
        origin = q.from_
        located = self.resolver.locate(q.source, ctx, (*p, "source"))
        if located is not None:
            for j, part in enumerate(q.text):
                if normalise(part) not in located:
                    where = (*p, "text", j) if len(q.text) > 1 else (*p, "text")
                    text = self.resolver.text(q.source.source)
                    help_ = quote_help(normalise(part), located, text, q.source.locator) if text else ""
                    ctx.issue(where, f"text does not appear verbatim in {q.source.ref}{help_}")
        speaker = self.actor(q.speaker, ctx, (*p, "speaker"), cs)
        self.resolver.put("quote", {
            "slug": q.slug, "text": PART_SEPARATOR.join(q.text),
            "speaker_actor_id": speaker,
            "setting": q.setting.value, "case_id": Ref("legal_case", cs) if cs else None,
            **self.resolver.one_of(origin, ("deposition", "ruling", "filing", "event"), "", ctx, (*p, "from"), cs),
            **date_columns("date", self.resolver.date(q.date, ctx, (*p, "date"))),
            "context": q.context,
            "source_id": Ref("source", q.source.source), "source_locator": q.source.locator,
        })  # fmt: skip
        if len(q.text) > 1:
            for j, part in enumerate(q.text):
                slug = f"{q.slug}/{j + 1}"
                self.resolver.put(
                    "quote_part", {"slug": slug, "quote_id": Ref("quote", q.slug), "position": j, "text": part}
                )
        self.links("quote", q.slug, cs, list(q.also_cases), ctx, (*p, "cases" if cs is None else "also_cases"))

    def check_counsel(self) -> None:
        """Counsel speaks or files for a party of the case it acts in."""
        for client, case, ctx, path in self.state.counsel_uses:
            if case in self.state.roles and client not in self.state.roles[case]:
                ctx.issue(path, f"{client!r} is not a party of case {case!r}, so has no counsel there")


class CaseRows:
    """The rows of one case file: the case, then each of its lists in turn."""

    def __init__(self, state: _State, resolver: Resolver, records: Records) -> None:
        self.state = state
        self.resolver = resolver
        self.records = records

    def case_rows(self, case: CaseIn, ctx: FileCtx) -> None:
        self._case(case, ctx)
        self._members(case, ctx)
        self._parties(case, ctx)
        self._filings(case, ctx)
        self._depositions(case, ctx)
        self._rulings(case, ctx)
        for i, e in enumerate(case.events):
            self.records.event_row(case.slug, e, ctx, ("events", i))
        self._statuses(case, ctx)
        for i, q in enumerate(case.quotes):
            self.records.quote_rows(case.slug, q, ctx, ("quotes", i))

    def _case(self, case: CaseIn, ctx: FileCtx) -> None:
        """The case's own row, its dates checked against each other."""
        cs = case.slug
        filed = self.resolver.date(case.date_filed, ctx, ("date_filed",))
        terminated = self.resolver.date(case.date_terminated, ctx, ("date_terminated",))
        if filed is not None and terminated is not None and filed.bound != "before" and terminated.last() < filed.value:
            ctx.issue(
                ("date_terminated",),
                f"the case was terminated ({terminated.display()}) before it was filed ({filed.display()})",
            )
        self.resolver.put("legal_case", {
            "slug": cs, "case_name": case.case_name, "short_name": case.short_name,
            "kind": case.kind.value, "court_id": self.resolver.ref("court", case.court, ctx, ("court",)),
            "docket_number": case.docket_number, "nature_of_suit": case.nature_of_suit,
            **date_columns("date_filed", filed),
            **date_columns("date_terminated", terminated),
            "disposition": case.disposition,
            "parent_id": self.resolver.ref("legal_case", case.parent, ctx, ("parent",)),
            "summary": case.summary,
        })  # fmt: skip
        if case.parent == cs:
            ctx.issue(("parent",), "a case cannot be its own parent")
        self.resolver.cite("legal_case", cs, list(case.sources), ctx, ())

    def _members(self, case: CaseIn, ctx: FileCtx) -> None:
        """A group's member cases."""
        cs = case.slug
        if case.members and case.kind.value != "group":
            ctx.issue(("members",), "'members' goes with kind: group")
        for j, member in enumerate(case.members):
            mp: Path_ = ("members", j)
            if member == cs:
                ctx.issue(mp, "a group of cases cannot be its own member")
                continue
            slug = f"{cs}--{member}"
            if self.resolver.define("case_member", slug, ctx, mp):
                self.resolver.put("case_member", {
                    "slug": slug, "group_id": Ref("legal_case", cs),
                    "member_id": self.resolver.ref("legal_case", member, ctx, mp),
                })  # fmt: skip

    def _parties(self, case: CaseIn, ctx: FileCtx) -> None:
        """Who is in the case, in what role; counsel acts for a party of it."""
        cs = case.slug
        for i, role in enumerate(case.parties):
            p: Path_ = ("parties", i)
            slug = f"{cs}--{role.party}--{role.role.value}" + (f"--for-{role.for_}" if role.for_ else "")
            self.state.roles.setdefault(cs, set()).add(role.party)
            if not self.resolver.define("case_role", slug, ctx, p):
                continue
            self.resolver.put("case_role", {
                "slug": slug, "case_id": Ref("legal_case", cs),
                "party_id": self.resolver.ref("party", role.party, ctx, (*p, "party")),
                "role": role.role.value,
                "for_party_id": self.resolver.ref("party", role.for_, ctx, (*p, "for")),
                **date_columns("until", self.resolver.date(role.until, ctx, (*p, "until"))),
                "note": role.note, "position": i,
            })  # fmt: skip
            self.resolver.cite("case_role", slug, list(role.sources), ctx, p)
        for i, role in enumerate(case.parties):
            if role.for_ is not None and role.for_ not in self.state.roles[cs]:
                ctx.issue(
                    ("parties", i, "for"),
                    f"{role.for_!r} is not a party of this case; counsel acts for one of its parties",
                )

    def _filings(self, case: CaseIn, ctx: FileCtx) -> None:
        """Filings, who filed them, and the further cases they bear on."""
        cs = case.slug
        for i, f in enumerate(case.filings):
            p = ("filings", i)
            self.resolver.put("filing", {
                "slug": f.slug, "case_id": Ref("legal_case", cs), "kind": f.kind.value,
                "title": f.title,
                "author_id": self.resolver.ref("party", f.author, ctx, (*p, "author")),
                "exhibit_to_id": self.resolver.ref("filing", f.exhibit_to, ctx, (*p, "exhibit_to"), cs),
                **date_columns("date_filed", self.resolver.date(f.date_filed, ctx, (*p, "date_filed"))),
                **date_columns("date_written", self.resolver.date(f.date_written, ctx, (*p, "date_written"))),
                "description": f.description,
            })  # fmt: skip
            if f.exhibit_to == f.slug:
                ctx.issue((*p, "exhibit_to"), "a filing cannot be an exhibit to itself")
            for j, filer in enumerate(f.filed_by):
                actor = self.records.actor(
                    filer,
                    ctx,
                    (*p, "filed_by", j)
                    if len(f.filed_by) > 1 or (*p, "filed_by", j) in ctx.pos.keys
                    else (*p, "filed_by"),
                    cs,
                )
                if actor is None:
                    continue
                slug = f"{f.slug}--{actor.slug}"
                if self.resolver.define("filing_filer", slug, ctx, (*p, "filed_by")):
                    self.resolver.put(
                        "filing_filer",
                        {"slug": slug, "filing_id": Ref("filing", f.slug), "actor_id": actor, "position": j},
                    )
            self.records.links("filing", f.slug, cs, list(f.also_cases), ctx, (*p, "also_cases"))
            self.resolver.cite("filing", f.slug, list(f.sources), ctx, p)

    def _depositions(self, case: CaseIn, ctx: FileCtx) -> None:
        """Depositions."""
        cs = case.slug
        for i, d in enumerate(case.depositions):
            p = ("depositions", i)
            self.resolver.put("deposition", {
                "slug": d.slug, "case_id": Ref("legal_case", cs),
                "deponent_id": self.resolver.ref("party", d.deponent, ctx, (*p, "deponent")),
                "on_behalf_of_id": self.resolver.ref("party", d.on_behalf_of, ctx, (*p, "on_behalf_of")),
                "taken_by_id": self.resolver.ref("party", d.taken_by, ctx, (*p, "taken_by")),
                **date_columns("date_taken", self.resolver.date(d.date_taken, ctx, (*p, "date_taken"))),
                "description": d.description,
            })  # fmt: skip
            self.resolver.cite("deposition", d.slug, list(d.sources), ctx, p)

    def _rulings(self, case: CaseIn, ctx: FileCtx) -> None:
        """Rulings, the further cases they are entered in, and their sanctions."""
        cs = case.slug
        for i, r in enumerate(case.rulings):
            p = ("rulings", i)
            self.resolver.put("ruling", {
                "slug": r.slug, "case_id": Ref("legal_case", cs), "kind": r.kind.value,
                "court_id": self.resolver.ref("court", r.court, ctx, (*p, "court")),
                "title": r.title, "judge_id": self.resolver.ref("party", r.judge, ctx, (*p, "judge")),
                **date_columns("date_decided", self.resolver.date(r.date_decided, ctx, (*p, "date_decided"))),
                "outcome": r.outcome.value if r.outcome else None,
                "citation": r.citation, "description": r.description,
            })  # fmt: skip
            self.records.links("ruling", r.slug, cs, list(r.also_cases), ctx, (*p, "also_cases"))
            self.resolver.cite("ruling", r.slug, list(r.sources), ctx, p)
            for j, s in enumerate(r.sanctions):
                sp: Path_ = (*p, "sanctions", j)
                slug = f"{r.slug}--{s.party}--{s.kind.value}"
                if not self.resolver.define("sanction", slug, ctx, sp):
                    continue
                self.resolver.put("sanction", {
                    "slug": slug, "ruling_id": Ref("ruling", r.slug),
                    "party_id": self.resolver.ref("party", s.party, ctx, (*sp, "party")),
                    "kind": s.kind.value, "description": s.description,
                })  # fmt: skip
                self.resolver.cite("sanction", slug, list(s.sources), ctx, sp)

    def _statuses(self, case: CaseIn, ctx: FileCtx) -> None:
        """The case's statuses, each dated and perhaps set by one of its records."""
        cs = case.slug
        for i, st in enumerate(case.status):
            p = ("status", i)
            as_of = self.resolver.date(st.as_of, ctx, (*p, "as_of"))
            if as_of is None:
                continue
            slug = st.slug or f"{cs}--{st.status.value}--{as_of.iso()}"
            if not self.resolver.define("case_status", slug, ctx, p):
                continue
            set_by = st.set_by
            self.resolver.put("case_status", {
                "slug": slug, "case_id": Ref("legal_case", cs), "status": st.status.value,
                **date_columns("as_of", as_of),
                **self.resolver.one_of(set_by, ("filing", "ruling", "event"), "set_by_", ctx, (*p, "set_by"), cs),
                "note": st.note,
            })  # fmt: skip
            self.resolver.cite("case_status", slug, list(st.sources), ctx, p)


class Compiler:
    """Compiles a seed folder: reads every file, then makes the rows in dependency order."""

    def __init__(self, directory: Path, today: dt.date | None = None) -> None:
        self.state = _State(directory, today or dt.date.today())
        self.reader = Reader(self.state)
        self.resolver = Resolver(self.state)
        self.records = Records(self.state, self.resolver)
        self.cases = CaseRows(self.state, self.resolver, self.records)

    def run(self) -> Bundle:
        if not self.state.dir.is_dir():
            raise SeedErrors([SeedIssue(_display(self.state.dir), 0, 0, "", "no seed directory here")])
        shared: dict[str, list[tuple[BaseModel, FileCtx, Path_]]] = {}
        for name, model in SHARED_FILES.items():
            shared[name] = self.reader.read_list(self.state.dir / name, model, TABLE_OF[name])
        cases = []
        case_dir = self.state.dir / "cases"
        case_files = sorted([*case_dir.glob("*.yaml"), *case_dir.glob("*.yml")])
        for case_file in case_files:
            parsed = self.reader.read_case(case_file)
            if parsed is not None:
                cases.append(parsed)
        for item, ctx, path in shared["sources.yaml"]:
            if not isinstance(item, SourceIn):
                raise TypeError(f"expected SourceIn, got {type(item).__name__}")
            self.resolver.define("source", item.slug, ctx, path)
            self.state.sources.setdefault(item.slug, item)
            self.state.source_at.setdefault(item.slug, (ctx, path))
        for item, ctx, path in shared["sources.yaml"]:
            if not isinstance(item, SourceIn):
                raise TypeError(f"expected SourceIn, got {type(item).__name__}")
            self.records.source_row(item, ctx, path)
        for name, table in (("courts.yaml", "court"), ("parties.yaml", "party")):
            for item, ctx, path in shared[name]:
                if not isinstance(item, CourtIn | PartyIn):
                    raise TypeError(f"expected CourtIn or PartyIn, got {type(item).__name__}")
                self.records.simple_row(table, item, ctx, path)
        loose = {
            name: self.reader.read_list(self.state.dir / name, model, TABLE_OF[name], optional=True)
            for name, model in LOOSE_FILES.items()
        }
        for case, ctx in cases:
            self.resolver.define("legal_case", case.slug, ctx, ("slug",))
        for case, ctx in cases:
            self.records.case_links(case, ctx)
        for item, ctx, path in loose["events.yaml"]:
            if not isinstance(item, EventIn):
                raise TypeError(f"expected EventIn, got {type(item).__name__}")
            self.resolver.define("event", item.slug, ctx, (*path, "slug"))
        for case, ctx in cases:
            self.cases.case_rows(case, ctx)
        for item, ctx, path in loose["events.yaml"]:
            if not isinstance(item, EventIn):
                raise TypeError(f"expected EventIn, got {type(item).__name__}")
            self.records.event_row(None, item, ctx, path)
        for item, ctx, path in loose["quotes.yaml"]:
            if not isinstance(item, QuoteIn):
                raise TypeError(f"expected QuoteIn, got {type(item).__name__}")
            self.records.quote_rows(None, item, ctx, path)
        self.resolver.check_refs()
        self.records.check_counsel()
        if self.state.issues:
            raise SeedErrors(self.state.issues)
        return Bundle(self.state.rows, self.state.files)


def _char(c: str) -> str:
    return f"{c} (U+{ord(c):04X})" if (c.strip() and not c.isascii()) or c in "'\"`" else repr(c)


def closest_passage(quote: str, text: str) -> tuple[float, str]:
    """The passage of ``text`` most like ``quote`` (as long as it, from a word start), and how alike."""
    starts = [0, *(i + 1 for i, c in enumerate(text) if c == " ")]
    best, at = 0.0, 0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    for start in starts:
        matcher.set_seq1(text[start : start + len(quote)])
        if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
            continue
        ratio = matcher.ratio()
        if ratio > best:
            best, at = ratio, start
    # Align the passage's ends with the quote's: from where its first character matches to
    # where its last one does (a word start may begin with an opening quotation mark).
    lo = max(0, at - 8)
    around = text[lo : at + len(quote) + 8]
    blocks = [b for b in difflib.SequenceMatcher(None, quote, around, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return best, text[at : at + len(quote)]
    first, last = blocks[0], blocks[-1]
    begin = max(0, first.b - first.a)
    end = min(len(around), last.b + last.size + (len(quote) - last.a - last.size))
    passage = around[begin:end]
    return difflib.SequenceMatcher(None, quote, passage, autojunk=False).ratio(), passage


def marked_differences(quote: str, passage: str) -> tuple[str, list[str]]:
    """``passage`` with each difference from ``quote`` written [quote→source], and the odd
    characters named (’ (U+2019) against ' (U+0027))."""
    out: list[str] = []
    named: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, quote, passage, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(passage[b1:b2])
            continue
        out.append(f"[{quote[a1:a2]}→{passage[b1:b2]}]")
        if op == "replace" and a2 - a1 == 1 and b2 - b1 == 1:
            named.append(f"the source has {_char(passage[b1])} where the quote has {_char(quote[a1])}")
    return "".join(out), named


def quote_help(quote: str, located: str, text: SourceText, locator: str) -> str:
    """Where the quote's text is, if in another paragraph; else the closest passage, marked."""
    found = [i + 1 for i, para in enumerate(text.paragraphs) if quote in para]
    if found:
        return f"; it is in p{found[0]}" + (f" (and {len(found) - 1} more)" if len(found) > 1 else "")
    ratio, passage = closest_passage(quote, located)
    if ratio < 0.6:
        return f"; nothing like it in {locator}"
    marked, named = marked_differences(quote, passage)
    return f"; closest in {locator}, differences marked [quote→source]: “{marked}”" + "".join(
        f"; {n}" for n in named[:3]
    )


def date_columns(name: str, value: PartialDate | None) -> Row:
    if value is None:
        return {
            name: None, f"{name}_precision": None, f"{name}_approximate": False, f"{name}_text": None,
            f"{name}_end": None, f"{name}_bound": None,
        }  # fmt: skip
    return {
        name: value.value,
        f"{name}_precision": value.precision.value,
        f"{name}_approximate": value.approximate,
        f"{name}_text": value.text,
        f"{name}_end": value.end,
        f"{name}_bound": value.bound,
    }


def compile_seed(directory: Path) -> Bundle:
    """Validate and compile a seed directory; raises :class:`SeedErrors`."""
    # Compiling makes millions of small objects that live until the end (nodes, positions,
    # rows), and each of Python's full collections walks all of them again: they were half
    # the time of the 4,999-file benchmark seed (10.3 s, 5.4 s without). Nothing here makes
    # cycles that need collecting before the function returns.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return Compiler(directory).run()
    finally:
        if enabled:
            gc.enable()
