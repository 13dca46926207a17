"""Where citations are saved for a user whose terminal cannot take a copy (no OSC 52).

Light: imports only the standard library and platformdirs. Nothing here imports Textual.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Overrides where citations are saved (tests; a user who wants them elsewhere).
ENV_VAR = "CASETRACK_CITATIONS_FILE"
FILE_NAME = "casetrack-citations.txt"


def citations_path() -> Path:
    """``$CASETRACK_CITATIONS_FILE``; else the user's documents folder where there is one
    (~/Documents/casetrack-citations.txt); else casetrack's own data folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path, user_documents_path

    documents = user_documents_path()
    if documents.is_dir():
        return documents / FILE_NAME
    return user_data_path("casetrack", appauthor=False) / FILE_NAME


def save_citation(line: str) -> Path:
    """Append ``line`` (one citation) to the citations file, creating its folder; the path.
    Raises OSError when it cannot be written."""
    path = citations_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(line.rstrip("\n") + "\n")
    return path
