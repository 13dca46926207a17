"""Read models (dataclasses of plain values and dates) to JSON-ready data. Imports nothing heavy,
so ``casetrack cases --json`` needs no more than the case list.

Every JSON that casetrack writes (each command's ``--json``, ``casetrack export``) gives

- a date (a :class:`PartialDate`) as one object, from :func:`date_json`::

    {"date": "2021-09", "precision": "month", "approximate": false, "text": "September 2021",
     "end": null, "bound": null, "display": "Sep 2021"}

  ``date`` is ISO 8601 at the date's precision (``2021``, ``2021-09``, ``2021-09-16``); an
  unknown date is ``null``;
- a moment (when a load ran, since when a case is followed) as UTC to the second, from
  :func:`timestamp_json`: ``"2025-01-02T10:11:12Z"``.

README.md (Commands) documents these shapes for scripts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from typing import Any

from casetrack.dates import PartialDate

_PLAIN = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def to_jsonable(value: Any) -> Any:
    """Read models to JSON-ready data; dates carry their precision."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _FIELD_NAMES.get(kind)
    if names is not None:  # a read model seen before: its field names are cached
        out = {}
        for name in names:
            field = getattr(value, name)
            out[name] = field if type(field) in _PLAIN else to_jsonable(field)
        return out
    if isinstance(value, PartialDate):
        return date_json(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A read model may name properties to add (JSON_EXTRA: a citation's name beside its slugs).
        extra = getattr(kind, "JSON_EXTRA", ())
        names = _FIELD_NAMES[kind] = (*(f.name for f in dataclasses.fields(value)), *extra)
        return {name: to_jsonable(getattr(value, name)) for name in names}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, dt.datetime):
        return timestamp_json(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def date_json(value: PartialDate | None) -> dict[str, object] | None:
    """A date's one JSON shape (see the module's docstring); ``None`` for an unknown date."""
    return None if value is None else dict(_date_json(value))


def timestamp_json(value: dt.datetime) -> str:
    """A moment's one JSON shape: UTC to the second, ``2025-01-02T10:11:12Z``. A naive value is
    taken as UTC (as casetrack stores them)."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"


@functools.lru_cache(maxsize=1 << 16)
def _date_json(value: PartialDate) -> dict[str, object]:
    """A date's JSON, worked out once per distinct date (a long list repeats a few thousand)."""
    return value.to_json()
