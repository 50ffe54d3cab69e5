"""Failure hooks for the crash tests of issuing (never set in normal use).

VANBAN_TEST_CRASH_AT=<point>  the process dies on the spot (os._exit: no cleanup, no finally, the
                              OS releases the lock), exactly as if it had been killed there.
VANBAN_TEST_PAUSE_AT=<point>  the process prints "PAUSED <point>" and sleeps, so a test can kill it
                              for real (SIGKILL / TerminateProcess) at that point.

Points, in issuing order: journal, version, source, register-half (half a register row written),
register, audit, outputs. See generator/records/issuing.py.
"""

from __future__ import annotations

import os
import sys
import time

CRASH = "VANBAN_TEST_CRASH_AT"
PAUSE = "VANBAN_TEST_PAUSE_AT"
CRASH_EXIT = 70


def checkpoint(point: str) -> None:
    if os.environ.get(CRASH) == point:
        sys.stdout.flush()
        os._exit(CRASH_EXIT)
    if os.environ.get(PAUSE) == point:
        print(f"PAUSED {point}", flush=True)
        time.sleep(300)


def crash_half_way(point: str) -> bool:
    return os.environ.get(CRASH) == point
