"""The installation files in deploy/, Dockerfile and compose.yaml say the same thing."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "deploy" / "systemd").glob("smartcity*"))
# systemd unit → compose service
SERVICES = {
    "smartcity-web.service": "web",
    "smartcity-worker.service": "worker",
    "smartcity-ingest@.service": "ingest",
    "smartcity-transit-ingest.service": "transit-ingest",
}


def _exec_start(unit: Path) -> list[str]:
    (line,) = [x for x in unit.read_text().splitlines() if x.startswith("ExecStart=")]
    return line.removeprefix("ExecStart=").split()


def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path):
    # The units as installed, with this checkout in place of /opt/smartcity: systemd
    # checks every key, the executables and the dependencies between the units.
    venv = Path(sys.executable).parent.parent
    for unit in UNITS:
        text = unit.read_text().replace("/opt/smartcity/.venv", str(venv))
        text = text.replace("/opt/smartcity", str(ROOT)).replace("User=smartcity", "User=root")
        text = text.replace("Group=smartcity", "Group=root")
        (tmp_path / unit.name).write_text(text)
    analyze = shutil.which("systemd-analyze") or "/usr/bin/systemd-analyze"
    done = subprocess.run(
        [analyze, "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_every_process_has_a_unit_and_the_target_wants_them_all():
    target = (ROOT / "deploy" / "systemd" / "smartcity.target").read_text()
    # The broker's accounts files are watched by a path unit of their own (mqtt_sync).
    broker_auth = {"smartcity-broker-auth.path", "smartcity-broker-auth.service"}
    # The nightly backup is a timer's one-shot job, not a process the target keeps running.
    backup = {"smartcity-backup.service", "smartcity-backup.timer"}
    assert {u.name for u in UNITS} == {*SERVICES, *broker_auth, *backup, "smartcity.target"}
    assert all(name.replace("@.", "@1-1.") in target for name in SERVICES)
    assert "smartcity-backup" not in target


def test_the_nightly_backup_runs_the_documented_command_into_a_folder_it_may_write():
    unit = (ROOT / "deploy" / "systemd" / "smartcity-backup.service").read_text()
    command = _exec_start(ROOT / "deploy" / "systemd" / "smartcity-backup.service")
    assert command[1:3] == ["backup", "/var/backups/smartcity"]
    assert "ReadWritePaths=/var/backups/smartcity" in unit
    readme = (ROOT / "README.md").read_text()
    assert " ".join(["smartcity", *command[1:]]) in readme


def _command(argv: list[str]) -> list[str]:
    """A command as both files run it: the program's name, and a partition without its
    numbers (systemd's template takes it from the instance, %I, compose names it)."""
    words = [Path(argv[0]).name, *argv[1:]]
    for i, word in enumerate(words[:-1]):
        if word == "--partition":
            assert re.fullmatch(r"%I|\d+/\d+", words[i + 1]), words[i + 1]
            words[i + 1] = "I/N"
    return words


def test_compose_runs_the_same_commands_as_the_systemd_units():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    for unit, service in SERVICES.items():
        systemd = _exec_start(ROOT / "deploy" / "systemd" / unit)
        assert _command(systemd) == _command(compose[service]["command"]), unit


def test_the_image_starts_the_web_process_as_compose_does():
    dockerfile = (ROOT / "Dockerfile").read_text()
    (cmd,) = re.findall(r"^CMD (\[.*\])$", dockerfile, flags=re.MULTILINE)
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    assert json.loads(cmd) == compose["web"]["command"]
    assert "-c constraints.txt" in dockerfile  # the pinned versions, as `make` installs
