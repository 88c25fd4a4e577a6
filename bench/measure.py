"""Wall time and peak memory of a child process, from the kernel's own accounting."""

from __future__ import annotations

import os
import subprocess
import time

import msgspec


class Measured(msgspec.Struct):
    """How long the process ran, its peak resident memory, and what it printed."""

    seconds: float
    peak_mb: float
    stdout: str


def measured(command: list[str], env: dict[str, str]) -> Measured:
    """Run the command to completion; raise if it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own commands
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    # wait4 reports this child's own peak RSS (kilobytes on Linux), unlike getrusage's
    # maximum over every child the parent ever had.
    out, err = process.stdout.read(), process.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{command} failed ({process.returncode}): {err.decode()[-2000:]}")
    return Measured(seconds=seconds, peak_mb=usage.ru_maxrss / 1024, stdout=out.decode())
