# The platform's image for hosts that run containers: the same commands as the systemd
# units in deploy/systemd (see README § Production and compose.yaml).
#   docker build -t smartcity .
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's PDFs need Pango and a font with Romanian and Russian letters.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /var/lib/smartcity smartcity

WORKDIR /opt/smartcity
# The pinned versions first, so that a code change does not reinstall every dependency.
COPY pyproject.toml constraints.txt README.md LICENCE ./
COPY src ./src
RUN pip install -c constraints.txt .
COPY deploy ./deploy
COPY data ./data

# Static files with hashed names, collected into the image. The settings must load to
# collect them; these values are never used by a running container (compose.yaml and
# the city's env file give the real ones).
RUN SMARTCITY_ENV=production SMARTCITY_STATIC_ROOT=/opt/smartcity/static \
    SMARTCITY_SECRET_KEY=collectstatic-only-collectstatic-only-collectstatic-only \
    SMARTCITY_ALLOWED_HOSTS=localhost SMARTCITY_SITE_URL=https://localhost \
    SMARTCITY_EMAIL_HOST=localhost SMARTCITY_DATA_DIR=/tmp/collect \
    smartcity collectstatic --noinput --verbosity 0 \
    && rm -rf /tmp/collect

ENV SMARTCITY_ENV=production \
    SMARTCITY_DATA_DIR=/var/lib/smartcity \
    SMARTCITY_STATIC_ROOT=/opt/smartcity/static \
    SMARTCITY_CITY_DIR=/opt/smartcity/data/city/balti \
    GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --worker-tmp-dir /dev/shm"
USER smartcity
VOLUME ["/var/lib/smartcity"]
EXPOSE 8000
CMD ["gunicorn", "-c", "/opt/smartcity/deploy/gunicorn.conf.py"]
