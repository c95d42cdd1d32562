"""Work spread over the cores gives the same results, in the same order, as doing it in one process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from digest.workers import InBackground, parallel_map


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _fail_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError(f"bad item {n}")
    return n


def test_results_come_back_in_order_from_worker_processes():
    results = list(parallel_map(_square_and_pid, list(range(500)), least=10, chunk=16))
    assert [square for square, _ in results] == [n * n for n in range(500)]
    if len(os.sched_getaffinity(0)) > 1:
        assert os.getpid() not in {pid for _, pid in results}


def test_few_items_stay_in_this_process():
    assert {pid for _, pid in parallel_map(_square_and_pid, [1, 2, 3], least=10)} == {os.getpid()}


def test_a_chunk_is_followed_by_its_hook_in_the_worker_before_its_results_arrive(tmp_path: Path):
    """What a worker keeps for the caller (its store's writes) is in place when the results arrive."""
    log = tmp_path / "chunks"

    def after_chunk() -> None:
        with open(log, "a") as file:
            file.write(f"{os.getpid()}\n")

    seen = []
    for square, pid in parallel_map(_square_and_pid, list(range(100)), least=10, chunk=10, after_chunk=after_chunk):
        seen.append(square)
        if len(seen) % 10 == 0:  # the last of a chunk: its hook has run
            assert len(log.read_text().split()) >= len(seen) // 10
    hooks = log.read_text().split()
    assert len(hooks) == 10 and seen == [n * n for n in range(100)]
    if len(os.sched_getaffinity(0)) > 1:
        assert str(os.getpid()) not in hooks


def test_items_done_here_run_no_hook():
    ran = []
    assert [s for s, _ in parallel_map(_square_and_pid, [1, 2, 3], least=10, after_chunk=lambda: ran.append(1))] == [1, 4, 9]
    assert ran == []


def test_an_error_in_a_worker_reaches_the_caller():
    with pytest.raises(ValueError, match="bad item 7"):
        list(parallel_map(_fail_on_seven, list(range(100)), least=10, chunk=4))


def test_work_in_background_is_done_in_another_process():
    with InBackground(lambda: str(os.getpid()).encode()) as job:
        assert int(job.result()) != os.getpid()
        assert int(job.result()) != os.getpid()  # asked again: the same result


def test_work_whose_process_fails_is_done_again_here():
    here = os.getpid()

    def only_here() -> bytes:
        if os.getpid() != here:
            raise RuntimeError("not in the forked process")
        return b"done here"

    with InBackground(only_here) as job:
        assert job.result() == b"done here"


def _children() -> set[str]:
    return set(Path(f"/proc/self/task/{os.getpid()}/children").read_text().split())


@pytest.mark.skipif(not Path(f"/proc/self/task/{os.getpid()}/children").exists(), reason="Linux's /proc")
def test_work_never_asked_for_leaves_no_process_behind():
    before = _children()
    with InBackground(lambda: b"x" * 1_000_000):  # more than a pipe holds: it waits to be read
        assert len(_children() - before) == 1
    assert _children() == before
