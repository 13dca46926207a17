"""``casetrack seed new``: a commented stub for a new record, written into the right file.

The stub is valid YAML whose ``TODO`` values ``seed validate`` reports until they are filled in,
each at its line, so nothing half-written is ever loaded.
"""

from __future__ import annotations

import re
from pathlib import Path

from casetrack import vocab
from casetrack.errors import CasetrackError
from casetrack.seed.inputs import SLUG_RE

KINDS = ("case", "party", "filing", "ruling", "quote")
#: The list in a case file that holds each kind of record.
CASE_KEYS = {"filing": "filings", "ruling": "rulings", "quote": "quotes"}


def _choices(enum: type) -> str:
    return " | ".join(v.value for v in enum)  # type: ignore[attr-defined]


def _case_stub(slug: str) -> str:
    return f"""# yaml-language-server: $schema=../schema/case.schema.json
slug: {slug}
case_name: TODO the caption, as the source gives it
short_name: TODO a short name
kind: TODO                     # {_choices(vocab.CaseKind)}
court: TODO-court-slug         # a slug of courts.yaml
date_filed: TODO               # 2021-08-25, Aug 2021, 2021, c. 2021-09-16 (see docs/seed-format.md)
sources: [TODO-source:p1]      # SOURCE:LOCATOR, e.g. nyt-coomer-memo:p13 or background:B07
parties:
  - party: TODO-party-slug     # a slug of parties.yaml
    role: TODO                 # {_choices(vocab.Role)}
    sources: [TODO-source:p1]
status:
  - status: TODO               # {_choices(vocab.Status)}
    as_of: TODO                # the date the source gives for it
    sources: [TODO-source:p1]
"""


def _item_stub(kind: str, slug: str, indent: str) -> str:
    if kind == "party":
        body = f"""- slug: {slug}
  name: TODO the full name
  kind: TODO                   # {_choices(vocab.PartyKind)}
  description: TODO who they are, in a line
  sources: [TODO-source:p1]    # SOURCE:LOCATOR, e.g. nyt-coomer-memo:p13
"""
    elif kind == "filing":
        body = f"""- slug: {slug}
  kind: TODO                   # {_choices(vocab.FilingKind)}
  title: TODO
  filed_by: TODO-party-slug    # who the source says filed it: a party, {{counsel_for: party}} or {{court: slug}}
  date_filed: TODO             # 2021-08-25, Aug 2021, ...
  sources: [TODO-source:p1]
"""
    elif kind == "ruling":
        body = f"""- slug: {slug}
  kind: TODO                   # {_choices(vocab.RulingKind)}
  title: TODO
  judge: TODO-party-slug       # or leave out
  date_decided: TODO
  outcome: TODO                # {_choices(vocab.Outcome)}; or leave out
  sources: [TODO-source:p1]
"""
    else:
        body = f"""- slug: {slug}
  text: "TODO the words, exactly as the source prints them"
  speaker: TODO-party-slug     # who the source says spoke: a party, {{counsel_for: party}} or {{court: slug}}
  setting: TODO                # {_choices(vocab.Setting)}
  date: TODO                   # or leave out
  source: TODO-source:p1       # the paragraph that prints the words
"""
    return "".join(f"{indent}{line}" if line else line for line in body.splitlines(keepends=True))


def _append_to_list(text: str, key: str, stub: str) -> str:
    """``text`` (a case file) with ``stub`` added at the end of its top-level list ``key``."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(rf"^{key}:\s*(#.*)?$", line)), None)
    if start is None:
        if re.match(rf"^{key}:", text, re.MULTILINE):
            raise CasetrackError(f"the file's {key}: is not a block list; add the record by hand")
        return text.rstrip("\n") + f"\n\n{key}:\n{stub}"
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " #"):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return "".join([*lines[:end], stub, *lines[end:]])


def write_stub(directory: Path, kind: str, slug: str, case: str | None = None) -> Path:
    """Add a stub of ``kind`` to the right seed file; returns that file."""
    if kind not in KINDS:
        raise CasetrackError(f"no record kind {kind!r} (one of {', '.join(KINDS)})")
    if not re.match(SLUG_RE, slug):
        raise CasetrackError(f"{slug!r} is not a slug: lower-case letters, digits and hyphens")
    if not directory.is_dir():
        raise CasetrackError(f"no seed directory at {directory}")
    if kind == "case":
        path = directory / "cases" / f"{slug}.yaml"
        if path.exists():
            raise CasetrackError(f"{path} already exists")
        path.parent.mkdir(exist_ok=True)
        path.write_text(_case_stub(slug), encoding="utf-8")
        return path
    if kind == "party":
        if case is not None:
            raise CasetrackError("a party goes in parties.yaml, not in a case: leave out --case")
        path = directory / "parties.yaml"
        _append(path, _item_stub(kind, slug, ""), slug)
        return path
    if case is None:
        if kind != "quote":
            raise CasetrackError(f"a {kind} belongs to a case: give --case CASE_SLUG")
        path = directory / "quotes.yaml"
        if not path.exists():
            path.write_text("# yaml-language-server: $schema=schema/quotes.schema.json\n", encoding="utf-8")
        _append(path, _item_stub(kind, slug, "").replace("  source: TODO", "  cases: []\n  source: TODO"), slug)
        return path
    path = directory / "cases" / f"{case}.yaml"
    if not path.is_file():
        raise CasetrackError(f"no case file {path}")
    text = path.read_text(encoding="utf-8")
    if re.search(rf"^\s*-?\s*slug: {re.escape(slug)}\s*$", text, re.MULTILINE):
        raise CasetrackError(f"{path} already has a record {slug!r}")
    path.write_text(_append_to_list(text, CASE_KEYS[kind], _item_stub(kind, slug, "  ")), encoding="utf-8")
    return path


def _append(path: Path, stub: str, slug: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if re.search(rf"^- slug: {re.escape(slug)}\s*$", text, re.MULTILINE):
        raise CasetrackError(f"{path} already has a record {slug!r}")
    path.write_text(text.rstrip("\n") + ("\n\n" if text.strip() else "") + stub, encoding="utf-8")
