"""The letters to the Mayor move onto the city hall's register of correspondence.

Letters already issued keep their numbers (ACETI-2026/0007 stays valid and unique); the
chancellery's register continues each year after the last letter's number, so no new
number repeats an old sequence. Only the counters move; no letter is renumbered.
"""

from django.db import migrations
from django.db.models import Max

CHANCELLERY_SLUG, CHANCELLERY_CODE = "cancelaria", "CAN"


def counters_move(apps, schema_editor):
    LetterCounter = apps.get_model("collaboration", "LetterCounter")
    LetterToMayor = apps.get_model("collaboration", "LetterToMayor")
    RegisterCounter = apps.get_model("city", "RegisterCounter")
    Department = apps.get_model("city", "Department")
    code = (
        Department.objects.filter(slug=CHANCELLERY_SLUG)
        .values_list("register_code", flat=True)
        .first()
    ) or CHANCELLERY_CODE
    last = {c.year: c.last for c in LetterCounter.objects.all()}
    for row in LetterToMayor.objects.values("year").annotate(top=Max("sequence")):
        last[row["year"]] = max(last.get(row["year"], 0), row["top"])
    for year, top in last.items():
        counter, _ = RegisterCounter.objects.get_or_create(code=code, year=year)
        if counter.last < top:
            counter.last = top
            counter.save(update_fields=["last"])


class Migration(migrations.Migration):
    dependencies = [
        ("collaboration", "0012_event_kinds_of_institutions"),
        ("city", "0002_register"),
    ]

    operations = [
        migrations.RunPython(counters_move, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="LetterCounter",
        ),
        migrations.RemoveConstraint(
            model_name="lettertomayor",
            name="one_letter_number_a_year",
        ),
    ]
