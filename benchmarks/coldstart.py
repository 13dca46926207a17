"""Cold start as a person sees it: whole processes in a pseudo-terminal (120x40), from the
moment the command starts to the moment what they wait for is on the terminal: the first
rows of the TUI, or the command's last byte of output. Each casetrack measurement alternates
with its baseline in the same rounds, so machine drift hits both alike."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS, LINES = 120, 40
#: Escape sequences (CSI, OSC, and two-byte ones), stripped before looking for text on screen.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def run_in_pty(
    cmd: list[str], *, until: str | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> float:
    """Seconds from starting ``cmd`` in a new pseudo-terminal until ``until`` shows in its
    output (the process is then killed), or, with no ``until``, until it has exited and all
    its output has been read."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    env = {
        **(env if env is not None else os.environ),
        "TERM": "xterm-256color",
        "COLUMNS": str(COLUMNS),
        "LINES": str(LINES),
    }
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    wanted = until.encode() if until is not None else None
    seen = bytearray()
    elapsed: float | None = None
    try:
        while elapsed is None:
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"{cmd[:3]}: {until!r} not seen in {timeout}s; last output: {bytes(seen[-300:])!r}")
            ready, _, _ = select.select([master], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # EIO: every process holding the terminal has closed it
                chunk = b""
            if not chunk:
                if wanted is not None:
                    raise RuntimeError(f"{cmd[:3]} exited before showing {until!r}: {bytes(seen[-500:])!r}")
                proc.wait()
                elapsed = time.perf_counter() - started
                break
            if wanted is not None:
                seen += chunk
                if wanted in _ESCAPES.sub(b"", bytes(seen)):
                    elapsed = time.perf_counter() - started
            else:
                seen[:] = chunk[-500:]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(master)
    if wanted is None and proc.returncode != 0:
        raise RuntimeError(f"{cmd} exited {proc.returncode}: {bytes(seen)!r}")
    return elapsed


def first_case_name(path: Path) -> str:
    """The name in the first row of both the TUI and the minimal app (sorted by name)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        row = conn.execute(
            "SELECT short_name FROM v_case_status ORDER BY lower(short_name), case_slug LIMIT 1"
        ).fetchone()
    return str(row[0])[:12]  # a long name may be cut with an ellipsis in a narrow column


def paired(
    a: list[str], b: list[str], rounds: int, *, until: str | None = None, env_a: dict[str, str] | None = None
) -> tuple[float, float]:
    """Medians of ``a`` and ``b``, run alternately (after one unmeasured warm-up of each: the
    file cache holds the interpreter and the database as it does for anyone who ran it once)."""
    run_in_pty(a, until=until, env=env_a)
    run_in_pty(b, until=until)
    times_a, times_b = [], []
    for _ in range(rounds):
        times_a.append(run_in_pty(a, until=until, env=env_a))
        times_b.append(run_in_pty(b, until=until))
    return statistics.median(times_a), statistics.median(times_b)


def casetrack_command() -> list[str]:
    script = Path(sys.executable).with_name("casetrack")
    return [str(script)] if script.exists() else [sys.executable, "-m", "casetrack"]


def measure(
    seed_db: Path, large_db: Path | None, rounds: int, large_rounds: int, *, code: Path | None = None
) -> dict[str, tuple[float, float]]:
    """{name: (casetrack seconds, baseline seconds)} for the three cold-start comparisons.
    ``code``: run casetrack from that source tree instead (``python -m casetrack``), to
    compare with an earlier version."""
    ct = casetrack_command() if code is None else [sys.executable, "-m", "casetrack"]
    env = None if code is None else {**os.environ, "PYTHONPATH": str(code)}
    out: dict[str, tuple[float, float]] = {}
    marker = first_case_name(seed_db)
    out["tui"] = paired(
        [*ct, "--db", str(seed_db)],
        [sys.executable, str(HERE / "minimal_tui.py"), str(seed_db)],
        rounds,
        until=marker,
        env_a=env,
    )
    out["cases"] = paired(
        [*ct, "--db", str(seed_db), "cases"], [sys.executable, "-c", "import sqlalchemy"], rounds, env_a=env
    )
    if large_db is not None:
        out["cases_json"] = paired(
            [*ct, "--db", str(large_db), "cases", "--json"],
            ["sqlite3", "-json", str(large_db), "select * from v_case_status"],
            large_rounds,
            env_a=env,
        )
    return out


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("seed_db", type=Path)
    ap.add_argument("large_db", type=Path, nargs="?")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--large-rounds", type=int, default=2)
    ap.add_argument("--code", type=Path, help="run casetrack from this source tree (an earlier version)")
    args = ap.parse_args()
    got = measure(args.seed_db, args.large_db, args.rounds, args.large_rounds, code=args.code)
    for name, (value, base) in got.items():
        print(f"{name}: {value * 1000:.0f} ms vs {base * 1000:.0f} ms = {value / base:.2f}x", flush=True)


if __name__ == "__main__":
    main()
