"""`smartcity demo` stopped with SIGTERM stops its worker and its simulators too."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from smartcity.devices.models import Gateway
from smartcity.simulation.demo import SIMULATOR
from tests.operations.processes import ROOT, platform_env, wait_for
from tests.processes import free_port

pytestmark = [pytest.mark.real_time, pytest.mark.django_db(transaction=True)]

# The demo's serving half (its loading half takes a minute and is tested elsewhere):
# the web server with the worker and both simulators beside it, as `smartcity demo` runs.
SERVE = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.config.settings")
import django
django.setup()
from smartcity.web.management.commands.demo import Command
Command()._serve("127.0.0.1", int(sys.argv[1]), 2026)
"""


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone while we looked
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def descendants_of(pid: int) -> list[int]:
    children = children_of(pid)
    return children + [grandchild for child in children for grandchild in descendants_of(child)]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def serving(port: int) -> bool:
    with socket.socket() as attempt:
        return attempt.connect_ex(("127.0.0.1", port)) == 0


def test_sigterm_stops_the_demo_with_its_worker_and_simulators(tmp_path):
    Gateway.objects.create(name=SIMULATOR, token_hash="unset", writes_any_device=True)
    port = free_port()
    log = (tmp_path / "demo.log").open("w")
    demo = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(port)],
        env=platform_env(),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    family: list[int] = []
    try:
        assert wait_for(lambda: serving(port) and len(children_of(demo.pid)) >= 3, 60), (
            tmp_path / "demo.log"
        ).read_text()
        family = descendants_of(demo.pid)
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in family]
        assert any(b"worker" in command for command in commands)
        assert any(b"transit_simulate" in command for command in commands)
        demo.send_signal(signal.SIGTERM)
        code = demo.wait(30)
    finally:
        if demo.poll() is None:
            demo.kill()
    left = wait_for(lambda: not any(alive(pid) for pid in family), 5)
    left_behind = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in family if alive(pid)]
    for pid in family:  # a failing run must not leave them to the next tests
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    assert code == 0, (tmp_path / "demo.log").read_text()
    assert left, left_behind
