"""gunicorn's settings for the web process, as the systemd unit and the container run it:

    gunicorn -c deploy/gunicorn.conf.py

Change any of them without editing this file through GUNICORN_CMD_ARGS, e.g.
GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 3" (gunicorn's own variable).
"""

import glob
import multiprocessing
import os
import shutil
import tempfile

wsgi_app = "smartcity.config.wsgi:application"
bind = "127.0.0.1:8000"  # nginx in front, on the same host
# Sync workers: every view is short (heavy PDFs are drawn by `smartcity worker`), and a
# sync worker holds one database connection, which PostgreSQL's limit is counted in.
workers = min(2 * multiprocessing.cpu_count() + 1, 8)
worker_class = "sync"
timeout = 30
graceful_timeout = 30  # SIGTERM: requests in hand are finished, then the worker exits
keepalive = 5
# A worker is replaced after this many requests (with jitter, so not all at once): any
# slow growth of memory is bounded without anyone watching.
max_requests = 2000
max_requests_jitter = 200
# Not preloaded: each worker imports the platform itself, so a code upgrade needs only
# `systemctl reload` (HUP), and the database connections are never shared across a fork.
preload_app = False
# The heartbeat file on memory, not on a disk that may stall (containers: /dev/shm).
worker_tmp_dir = "/dev/shm"
# Which peers' X-Forwarded-* gunicorn believes for the URL scheme; the client address
# itself is decided by the platform from SMARTCITY_TRUSTED_PROXIES.
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = "-"
errorlog = "-"

# /metrics sums the request counters of every worker (smartcity.operations.metrics):
# prometheus_client's multiprocess mode, on when PROMETHEUS_MULTIPROC_DIR is set before a
# worker imports it. Set here, in the master, so every worker inherits it; a directory of
# one's own under /dev/shm (memory) unless the environment names one. Only if unset, so
# that a reload (HUP re-reads this file) keeps the directory and its counts.
_OWN_METRICS_DIR = "smartcity-metrics-"
if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(
        prefix=_OWN_METRICS_DIR, dir="/dev/shm" if os.path.isdir("/dev/shm") else None
    )


def on_starting(server):
    # Counts a previous gunicorn left behind would be added to this one's.
    for stale in glob.glob(os.path.join(os.environ["PROMETHEUS_MULTIPROC_DIR"], "*.db")):
        os.remove(stale)


def child_exit(server, worker):
    # A dead worker's counters stay in the sum (a counter never goes back); only its
    # live gauges are dropped. The platform keeps no per-process gauge, but a library may.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    directory = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    if os.path.basename(directory).startswith(_OWN_METRICS_DIR):  # made above, not given
        shutil.rmtree(directory, ignore_errors=True)
