"""The platform as gunicorn serves it, plus the benchmarks' baseline view (benchmarks/urls.py)
at /bench/minimal.json: a page through the same middleware that does nothing else."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.config.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
settings.ROOT_URLCONF = "benchmarks.urls"
