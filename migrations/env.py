"""Alembic environment: the schema is casetrack.models' SQLModel metadata."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, Engine

from casetrack import models
from casetrack.db import begin_migration, finish_migration, make_engine, to_url

config = context.config
target_metadata = models.metadata


def _url() -> str:
    env = os.environ.get("CASETRACK_DB")
    if env and config.get_main_option("sqlalchemy.url") == "sqlite:///casetrack.db":
        return to_url(env)
    return config.get_main_option("sqlalchemy.url") or "sqlite:///casetrack.db"


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Leave out what migrations make by hand: FTS5 tables (and their shadow tables) and the
    full-text indexes. Views are not reflected as tables, so they need no rule."""
    if name is None:
        return True
    if type_ == "table":
        return "_fts" not in name
    if type_ == "index":
        return not name.endswith("_fts")
    return True


def _configure(connection: Connection) -> None:
    begin_migration(connection)  # one transaction, DDL included, on SQLite too
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_name,
        render_as_batch=True,
        compare_type=True,
        compare_server_default=False,
    )


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if isinstance(connection, Engine):  # pytest-alembic hands over an engine
        with connection.begin() as conn:
            _configure(conn)
            context.run_migrations()
            finish_migration(conn)
        return
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        finish_migration(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.begin() as conn:
            _configure(conn)
            context.run_migrations()
            finish_migration(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
