"""Half of a site build's work in a forked child, on the second core.

The site's steps work on big objects in memory (every record's model, MkDocs' navigation and files):
a fork shares them as they are, where a process pool would pickle them for each task. The child does
the second half and sends back only its result; the parent does the first half meanwhile. Where the
system does not fork (Windows), on one core, or for a small job, everything is done in the parent.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Sequence, TypeVar

from generator.format.status_check import cores

T = TypeVar("T")
R = TypeVar("R")

WORTH_FROM = 200          # items before a second process is worth its start (~30 ms)


class ChildFailed(Exception):
    """The second process raised or died; the message says what it said."""


def can_fork() -> bool:
    return cores() >= 2 and "fork" in multiprocessing.get_all_start_methods()


def in_two_halves(items: Sequence[T], work: Callable[[Sequence[T]], R], least: int | None = None) -> list[R]:
    """[work(first half), work(second half)], the second in a forked child (its result must pickle);
    [work(items)] alone when a fork is not possible or not worth it. A child that fails raises
    ChildFailed in the parent after the parent's half is done. The child stops if the parent dies
    (it would be writing for a build nobody waits for)."""
    if len(items) < (WORTH_FROM if least is None else least) or not can_fork():
        return [work(items)]
    half = len(items) // 2
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    parent = os.getpid()

    def child() -> None:
        try:
            writer.send(("ok", work(_Watched(items[half:], parent))))
        except BaseException as exc:  # noqa: BLE001 — reported by the parent
            writer.send(("error", f"{exc.__class__.__name__}: {exc}"))
        finally:
            writer.close()

    process = context.Process(target=child, daemon=True)
    process.start()
    writer.close()
    try:
        mine = work(items[:half])
        try:
            status, payload = reader.recv()
        except EOFError:
            status, payload = "error", "the second process ended without an answer"
    finally:
        reader.close()
        process.join(timeout=60)
        if process.is_alive():
            process.kill()
            process.join()
    if status != "ok":
        raise ChildFailed(payload)
    return [mine, payload]


class _Watched(Sequence):
    """The child's half: iterating it ends the child at once if its parent was killed."""

    def __init__(self, items: Sequence, parent: int):
        self.items, self.parent = items, parent

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index):
        return self.items[index]

    def __iter__(self):
        for item in self.items:
            if os.getppid() != self.parent:
                os._exit(1)
            yield item
