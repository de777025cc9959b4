"""gunicorn's settings for the web process, as the systemd unit and the container run it:

    gunicorn -c deploy/gunicorn.conf.py

Change any of them without editing this file through GUNICORN_CMD_ARGS, e.g.
GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 3" (gunicorn's own variable).
"""

import multiprocessing

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
