"""What the commands write: JSON, CSV and tables for people, on stdout.

Used by :mod:`casetrack.cli` and by the commands that start without it
(:mod:`casetrack.quickcli`); imports neither Typer nor SQLAlchemy.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

#: Characters that Python's str.splitlines() (and some editors) take as line breaks, which JSON
#: may carry unescaped inside strings: escaped in one-record-per-line output.
_BREAKING = "\x85\u2028\u2029"  # (the json module escapes the control characters itself)
_LINE_BREAKS = {ord(c): f"\\u{ord(c):04x}" for c in _BREAKING}


def echo_json(data: Any) -> None:
    """JSON on stdout. A list (of cases, quotes, hits...) is written one item per line: valid
    JSON for ``jq`` and scripts, a record per line for ``grep`` (as sqlite-utils writes rows),
    and written by the json module's C encoder: ``indent=`` falls back to its pure-Python
    encoder, 1.4 s against 0.6 s for 100,000 cases. Anything else is indented."""
    from casetrack.jsonable import to_jsonable

    value = to_jsonable(data)
    if not isinstance(value, list):
        sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
    else:
        echo_json_lines(list(map(json.JSONEncoder(ensure_ascii=False).encode, value)))


def echo_json_lines(records: list[str]) -> None:
    """A JSON array of ``records``, each already JSON text, one per line (see echo_json)."""
    if not records:
        sys.stdout.write("[]\n")
        return
    text = "[\n  " + ",\n  ".join(records) + "\n]\n"
    if any(c in text for c in _BREAKING):  # keep a record on one line for every reader
        text = text.translate(_LINE_BREAKS)
    sys.stdout.write(text)


def echo_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([["" if v is None else v for v in row] for row in rows])


def echo_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, max_width: int = 60) -> None:
    """A table for people: plain aligned text, no cell wider than ``max_width``. On a
    terminal it also fits the terminal's width: only the widest columns give way (cut with an
    ellipsis), so dates, kinds and counts stay whole. Widths are counted in terminal cells
    (rich.cells), so wide characters line up."""
    import shutil

    from rich.cells import cell_len, set_cell_size

    cells = [["" if v is None else " ".join(str(v).split()) for v in row] for row in rows]
    titles = [h.upper() for h in headers]
    widths = [min(max_width, max([cell_len(t), *(cell_len(r[i]) for r in cells)])) for i, t in enumerate(titles)]
    if sys.stdout.isatty():
        room = shutil.get_terminal_size((120, 24)).columns - 2 * (len(widths) - 1)
        widths = fit(widths, room, floors=[min(w, max(cell_len(t), 8)) for w, t in zip(widths, titles, strict=True)])

    def pad(text: str, width: int) -> str:
        if cell_len(text) > width:
            text = set_cell_size(text, width - 1) + "…" if width > 1 else "…"
        return text + " " * (width - cell_len(text))

    out = ["  ".join(pad(t, w) for t, w in zip(titles, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    sys.stdout.write("\n".join(out) + "\n")


def fit(widths: list[int], room: int, *, floors: list[int]) -> list[int]:
    """Column widths that fit ``room``: the widest columns come down to a common cap, never
    below their floor; the others keep their width. If even the floors don't fit, the floors."""
    if sum(widths) <= room:
        return widths
    cap = max(widths)
    while cap > 1 and sum(max(min(w, cap), f) for w, f in zip(widths, floors, strict=True)) > room:
        cap -= 1
    return [max(min(w, cap), f) for w, f in zip(widths, floors, strict=True)]


def emit(
    items: Sequence[T],
    headers: Sequence[str],
    row: Callable[[T], Sequence[Any]],
    *,
    as_json: bool,
    as_csv: bool = False,
    empty: str = "nothing found",
) -> None:
    """``items`` as JSON, CSV (``headers``, then ``row`` of each) or a table; with no items and
    no JSON or CSV asked for, ``empty`` on stderr."""
    if as_json:
        echo_json(list(items))
    elif as_csv:
        echo_csv(headers, [row(i) for i in items])
    elif items:
        echo_table(headers, [row(i) for i in items])
    else:
        sys.stderr.write(empty + "\n")


def date_text(value: Any, empty: str = "") -> str:
    """A date as shown ('25 Aug 2021', 'c. Sep 2021'); a record's own missing date reads 'undated'."""
    return value.display() if value is not None else empty
