"""Where the files casetrack ships beside its code are: the migrations, alembic.ini and the
bundled seed (with its source texts).

The repository keeps one copy of each at its top level (``migrations/``, ``alembic.ini``,
``seed/``), where developers and ``alembic upgrade head`` use them. A wheel carries them
inside the package as ``casetrack/_data/`` (``setup.py`` copies them there at build time).
So: the package's data when it is there (a regular install), else the source tree (a checkout
or an editable install). Never imports anything heavy.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parent.parent


def data_path(name: str) -> Path:
    """The shipped file or directory ``name`` (``migrations``, ``seed`` or ``alembic.ini``)."""
    packaged = files("casetrack").joinpath("_data", name)
    if packaged.is_dir() or packaged.is_file():
        # A wheel is installed as files on disk, so this is a real path (Alembic needs one).
        return Path(str(packaged))
    return SOURCE_ROOT / name


def migrations_dir() -> Path:
    return data_path("migrations")


def alembic_ini() -> Path:
    return data_path("alembic.ini")


def seed_dir() -> Path:
    return data_path("seed")
