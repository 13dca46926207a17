"""The headless core never imports Textual, at run time (import-linter checks the imports as
written: `lint-imports`, configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "casetrack.models", "casetrack.db", "casetrack.dates", "casetrack.vocab", "casetrack.services",
    "casetrack.search", "casetrack.export", "casetrack.bootstrap", "casetrack.seed.compile", "casetrack.seed.load",
    "casetrack.tables", "casetrack.locators", "casetrack.chronology", "casetrack.passage", "casetrack.entry",
    "casetrack.citefile",
]  # fmt: skip


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + ("bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\nprint(','.join(bad))")
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_help_does_not_import_textual_or_sqlalchemy() -> None:
    code = (
        "import sys\nfrom casetrack.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('LOADED=' + ','.join(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'sqlalchemy'})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage: casetrack" in out.stdout
    assert out.stdout.splitlines()[-1] == "LOADED="
