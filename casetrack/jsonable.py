"""Read models (dataclasses of plain values and dates) to JSON-ready data. Imports nothing heavy,
so ``casetrack cases --json`` needs no more than the case list."""

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
        return dict(_date_json(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A read model may name properties to add (JSON_EXTRA: a citation's name beside its slugs).
        extra = getattr(kind, "JSON_EXTRA", ())
        names = _FIELD_NAMES[kind] = (*(f.name for f in dataclasses.fields(value)), *extra)
        return {name: to_jsonable(getattr(value, name)) for name in names}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@functools.lru_cache(maxsize=1 << 16)
def _date_json(value: PartialDate) -> dict[str, object]:
    """A date's JSON, worked out once per distinct date (a long list repeats a few thousand)."""
    return value.to_json()
