"""Work spread over the machine's cores.

Workers are forked from the build process, so they inherit the loaded site instead of receiving it
pickled; only each item's index goes out and only its (small) result comes back. Where fork is not
available, or there is too little work to be worth a process, the work runs in this process.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The job the workers run: set just before they are forked, so they inherit it.
_job: tuple[Callable, Sequence] | None = None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def parallel_map(function: Callable[[T], R], items: Sequence[T], *, least: int = 64,
                 chunk: int = 32) -> Iterator[R]:
    """`map(function, items)` on all cores once there are at least `least` items; results in order.
    Exceptions raised by `function` reach the caller as they would from `map`."""
    processes = min(cores(), -(-len(items) // chunk))
    if processes < 2 or len(items) < least or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, items)
        return
    global _job
    _job = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(processes, initializer=_die_with_parent,
                                                      initargs=(os.getpid(),)) as pool:
            for results in pool.imap(_run, [(start, start + chunk) for start in range(0, len(items), chunk)]):
                yield from results
    finally:
        _job = None


def _run(span: tuple[int, int]) -> list:
    function, items = _job
    return [function(item) for item in items[span[0]:span[1]]]


def _die_with_parent(parent: int) -> None:
    """A build killed outright must not leave workers writing on, nor holding its lock of the output
    folder (Linux; elsewhere they stop at their next result, when the pipe to the build is gone).
    `parent`: the build's process, which may have been killed before this one asked to follow it."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):
        pass
    if os.getppid() != parent:
        os._exit(1)


_PR_SET_PDEATHSIG = 1
