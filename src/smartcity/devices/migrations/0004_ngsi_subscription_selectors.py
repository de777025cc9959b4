# A subscription holds any number of entity selectors (type, id, idPattern) and a geoQ,
# instead of one type and one id; the existing ones keep theirs as one selector.

from django.db import migrations, models


def selectors_from_type_and_id(apps, schema_editor):  # noqa: ANN001, ANN201
    subscription = apps.get_model("devices", "NgsiSubscription")
    for sub in subscription.objects.exclude(entity_type=""):
        selector = {"type": sub.entity_type}
        if sub.entity_id:
            selector["id"] = sub.entity_id
        sub.entities = [selector]
        sub.save(update_fields=["entities"])


class Migration(migrations.Migration):
    dependencies = [
        ("devices", "0003_broker_password_hash"),
    ]

    operations = [
        migrations.AddField(
            model_name="ngsisubscription",
            name="entities",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="ngsisubscription",
            name="geo_q",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(selectors_from_type_and_id, migrations.RunPython.noop),
        migrations.RemoveField(model_name="ngsisubscription", name="entity_id"),
        migrations.RemoveField(model_name="ngsisubscription", name="entity_type"),
    ]
