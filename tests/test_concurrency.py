"""Scripts can read the SQLite file while a seed load (or the TUI) has it open for writing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from casetrack import db, services
from casetrack.seed.load import load_bundle


def test_readers_see_committed_data_while_a_writer_holds_a_transaction(tmp_path: Path, bundle) -> None:
    path = tmp_path / "shared.db"
    target = db.resolve_target(str(path))
    db.upgrade(target)
    engine = db.make_engine(target.url)
    load_bundle(engine, bundle)
    engine.dispose()

    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE legal_case SET short_name = 'being edited' WHERE slug = 'dominion-v-fox'")
    try:
        # A plain script, read-only, as docs/schema.md shows.
        script = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.5)
        name = script.execute("SELECT short_name FROM legal_case WHERE slug = 'dominion-v-fox'").fetchone()
        assert name == ("Dominion v. Fox",)
        script.close()
        # casetrack's own read-only engine, as the TUI uses on a read-only file.
        reader = db.make_engine(target.url, read_only=True)
        with Session(reader) as session:
            fox = services.get_case(session=session, slug="dominion-v-fox")
            assert fox.short_name == "Dominion v. Fox"
            with reader.connect() as conn:
                assert conn.execute(text("SELECT count(*) FROM quote")).scalar_one() == len(bundle.rows["quote"])
        reader.dispose()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
