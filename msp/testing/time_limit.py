"""A wall-clock bound for tests that drive real processes and sockets: a hang becomes a
failure with a traceback instead of a stuck CI job."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """SIGALRM after ``seconds`` raises TimeoutError in the main thread (pytest's)."""

    def _expired(signum, frame):
        raise TimeoutError(f"test exceeded its time bound of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
