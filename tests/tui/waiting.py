"""Condition-based waits for Pilot tests (as harlequin keeps its waits in tests/waiting.py).

Wait for what the user would see, not for a number of seconds: a wait for a condition ends as
soon as it holds, and fails with a message when it does not hold in time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import App
from textual.pilot import Pilot

#: Seconds a condition may take on a loaded CI machine before the test fails.
TIMEOUT = 10.0


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], object], *, what: str = "", timeout: float = TIMEOUT
) -> None:
    """Let the app run until ``condition()`` is true; AssertionError after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting until {what or condition}")
        await pilot.pause(0.01)


def _busy(app: App[None]) -> bool:
    return any(worker.is_running for worker in app.workers)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until no worker runs and every message they posted has been handled."""
    app = pilot.app
    for _ in range(1000):
        await pilot.pause()
        if not _busy(app):
            await pilot.pause()
            if not _busy(app):
                return
        await pilot.pause(0.01)
    raise AssertionError("workers did not settle")
