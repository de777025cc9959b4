"""Latest states and aggregates are updated in place on PostgreSQL.

The state of a device and the aggregates of the current hour and day are rewritten by
every batch of readings. Leaving room in each page (fillfactor) lets PostgreSQL put the
new row version beside the old one and skip the indexes (a HOT update), which needs
that no indexed column changes: hence the state's (quantity, value) index goes; no query
used it (every filter on a value is per device, through the primary key). SQLite has no
fillfactor; there the index simply goes.
"""

from django.db import migrations


def _fillfactor(percent_state: int, percent_aggregate: int):  # noqa: ANN202
    def apply(apps, schema_editor) -> None:  # noqa: ANN001
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"ALTER TABLE devices_devicestate SET (fillfactor = {percent_state})")
        schema_editor.execute(
            f"ALTER TABLE devices_readingaggregate SET (fillfactor = {percent_aggregate})"
        )

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("devices", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="devicestate",
            name="state_quantity_value",
        ),
        # A state row is small and there are few (one per device and quantity): half of
        # each page free costs little. Aggregates are many; a fifth is room enough for
        # the current hour's and day's rows.
        migrations.RunPython(_fillfactor(50, 80), _fillfactor(100, 100)),
    ]
