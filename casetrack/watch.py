"""The reporter's watch list (followed cases, and the last load seen per database), kept per
user outside the database. Light: the TUI's first screen reads it before SQLAlchemy is
imported. :mod:`casetrack.history` re-exports it."""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from pathlib import Path

from casetrack.errors import CasetrackError


def follow_file() -> Path:
    """The reporter's watch list: ``following.json`` in the user data folder
    (``$CASETRACK_FOLLOW_FILE`` overrides it)."""
    env = os.environ.get("CASETRACK_FOLLOW_FILE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("casetrack", appauthor=False) / "following.json"


@dataclass
class Watch:
    """Followed cases (slug -> note and when) and, per database, the last load seen."""

    following: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    seen: dict[str, int] = dataclasses.field(default_factory=dict)

    @classmethod
    def read(cls, path: Path | None = None) -> Watch:
        path = path or follow_file()
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            following = {str(k): dict(v) for k, v in data.get("following", {}).items()}
            seen = {str(k): int(v) for k, v in data.get("seen", {}).items()}
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            raise CasetrackError(f"cannot read the follow list {path}: {exc}") from None
        return cls(following, seen)

    def write(self, path: Path | None = None) -> None:
        path = path or follow_file()
        text = json.dumps({"following": self.following, "seen": self.seen}, ensure_ascii=False, indent=2) + "\n"
        tmp = path.with_name(path.name + ".tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            raise CasetrackError(f"cannot write the follow list {path}: {exc.strerror or exc}") from None
