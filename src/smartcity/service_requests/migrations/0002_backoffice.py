"""Trigram indexes for the back office's free-text search, on PostgreSQL only.

Django's `icontains` compiles to `UPPER(col::text) LIKE UPPER(%s)`; these GIN indexes on
the same expressions turn the queue's search from a scan of every request into an index
lookup. SQLite has no such index type and keeps scanning (fast enough at its scale).
"""

from django.db import migrations

COLUMNS = {"request_description_trgm": "description", "request_address_trgm": "address"}


def _create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in COLUMNS.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON service_requests_servicerequest "
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("service_requests", "0001_initial")]

    operations = [migrations.RunPython(_create, _drop, elidable=False)]
