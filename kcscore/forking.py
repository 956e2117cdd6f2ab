"""``os.fork`` that an interruption cannot slip through.

A Ctrl-C that lands while ``os.fork`` runs its after-fork callbacks is raised inside one of them,
printed as "Exception ignored" (with a stack) and lost: the run would go on to the end. Blocking
SIGINT and SIGTERM for the instant of the fork delays such a signal until the fork is done, where
it interrupts the run normally (and the clean-up runs).
"""

from __future__ import annotations

import os
import signal

_HELD = {signal.SIGINT, signal.SIGTERM}


def fork() -> int:
    """``os.fork()`` with SIGINT and SIGTERM held back until it returns, in parent and child."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        return os.fork()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def stop_child(pid: int) -> None:
    """End a forked helper whose work is no longer wanted, and reap it (no zombie is left)."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass  # already gone and reaped
