"""Errors a user can cause. Each message is one line, shown without a traceback.

Kept free of heavy imports so the CLI can catch them without loading SQLAlchemy.
"""

from __future__ import annotations


class CasetrackError(Exception):
    """An error the user caused or can fix; the CLI prints it on one line and exits non-zero."""

    exit_code = 1


class DatabaseError(CasetrackError):
    pass


class UsageError(CasetrackError):
    exit_code = 2
