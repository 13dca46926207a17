"""Put the top-level migrations/, seed/ and alembic.ini into the package as casetrack/_data/.

The repository keeps one copy of each at its top level, where developers and ``alembic
upgrade head`` find them. A wheel needs them inside the package, so building one copies them
to ``casetrack/_data/`` in the build directory (never into the source tree); at run time
``casetrack.resources`` looks there first, then in the source tree (a checkout or an editable
install). Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: What the package carries under casetrack/_data/ (MANIFEST.in puts the same into the sdist).
SHIPPED = ("migrations", "seed", "alembic.ini")
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".*")


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the source tree itself
        target = Path(self.build_lib) / "casetrack" / "_data"
        for name in SHIPPED:
            source = HERE / name
            if not source.exists():
                raise SystemExit(f"setup.py: {source} is missing; build from a checkout or an sdist")
            dest = target / name
            if source.is_dir():
                shutil.rmtree(dest, ignore_errors=True)
                shutil.copytree(source, dest, ignore=JUNK)
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, dest)


setup(cmdclass={"build_py": BuildPyWithData})
