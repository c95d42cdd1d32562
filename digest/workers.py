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
_job: tuple[Callable, Sequence, Callable[[], None] | None] | None = None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def parallel_map(function: Callable[[T], R], items: Sequence[T], *, least: int = 64,
                 chunk: int = 32, after_chunk: Callable[[], None] | None = None) -> Iterator[R]:
    """`map(function, items)` on all cores once there are at least `least` items; results in order.
    Exceptions raised by `function` reach the caller as they would from `map`. `after_chunk` runs in
    a worker after each chunk of items and before their results are sent (a worker's store writes
    what the chunk made, so the caller finds it there); where the items run in this process it does
    not run at all."""
    processes = min(cores(), -(-len(items) // chunk))
    if processes < 2 or len(items) < least or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, items)
        return
    global _job
    _job = (function, items, after_chunk)
    try:
        with multiprocessing.get_context("fork").Pool(processes, initializer=_die_with_parent,
                                                      initargs=(os.getpid(),)) as pool:
            for results in pool.imap(_run, [(start, start + chunk) for start in range(0, len(items), chunk)]):
                yield from results
    finally:
        _job = None


def _run(span: tuple[int, int]) -> list:
    function, items, after_chunk = _job
    results = [function(item) for item in items[span[0]:span[1]]]
    if after_chunk is not None:
        after_chunk()
    return results


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


class InBackground:
    """`function()` run in a process forked on entering, while this one goes on; `result()` waits for
    its bytes. Where fork is not available, or the process fails, `function` runs here when its
    result is asked for. Leaving kills the process if its result was never asked for."""

    def __init__(self, function: Callable[[], bytes], start: bool = True):
        """`start=False`: `function` runs here when asked for (too little to be worth a process)."""
        self._function = function
        self._start = start
        self._pid: int | None = None
        self._read = -1
        self._result: bytes | None = None

    def __enter__(self) -> InBackground:
        if not self._start:
            return self
        try:
            read, write = os.pipe()
        except OSError:
            return self
        parent = os.getpid()
        try:
            pid = os.fork()
        except (AttributeError, OSError):
            os.close(read)
            os.close(write)
            return self
        if pid == 0:  # the forked process: its result into the pipe, then out without any clean-up
            failed = 1
            try:
                os.close(read)
                _die_with_parent(parent)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(self._function())
                failed = 0
            finally:
                os._exit(failed)
        os.close(write)
        self._pid, self._read = pid, read
        return self

    def result(self) -> bytes:
        if self._result is None:
            data, failed = b"", True
            if self._pid is not None:
                with os.fdopen(self._read, "rb") as pipe:
                    data = pipe.read()
                _, status = os.waitpid(self._pid, 0)
                self._pid, failed = None, status != 0
            self._result = self._function() if failed else data
        return self._result

    def __exit__(self, *exc) -> None:
        if self._pid is not None:  # never asked for: the build stopped before it needed it
            os.kill(self._pid, signal.SIGKILL)
            os.close(self._read)
            os.waitpid(self._pid, 0)
            self._pid = None
