"""The platform's processes as a city runs them, started for a test and stopped after."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SMARTCITY = [sys.executable, "-m", "smartcity"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], object], *, seconds: float, what: str) -> object:
    """The condition's first true value, polled; fails the test naming `what` if none came."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
        except Exception:  # noqa: BLE001 - a server still starting answers with errors
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {seconds:.0f} s")


@dataclass
class Process:
    """One long-running command, its output kept in a log file for when a test fails."""

    name: str
    command: list[str]
    environment: dict[str, str]
    logs: Path
    cwd: Path | None = None
    popen: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> Process:
        self.logs.mkdir(parents=True, exist_ok=True)
        log = (self.logs / f"{self.name}.log").open("ab")
        self.popen = subprocess.Popen(
            self.command,
            env=self.environment,
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def log(self) -> str:
        path = self.logs / f"{self.name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self, *, seconds: float = 30.0) -> int | None:
        """SIGTERM, as systemd stops a unit; SIGKILL only if it did not go in time."""
        if self.popen is None or self.popen.poll() is not None:
            return None if self.popen is None else self.popen.returncode
        self.popen.send_signal(signal.SIGTERM)
        try:
            return self.popen.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)
            raise AssertionError(f"{self.name} ignored SIGTERM for {seconds:.0f} s") from None


def run(command: list[str], environment: dict[str, str], **options) -> str:
    """A one-off command (migrate, collectstatic…); its output, or a failure showing it."""
    done = subprocess.run(
        command, env=environment, capture_output=True, text=True, timeout=600, **options
    )
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout
