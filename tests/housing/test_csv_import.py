"""Outages from a provider's CSV file: all rows or none, every problem with its row."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from smartcity.housing.csvimport import ImportRejectedError, outages_import_csv
from smartcity.housing.models import Outage
from tests.housing.conftest import staff_login

HEADER = (
    "utility,kind,provider,street,number_from,number_to,buildings,starts_at,"
    "expected_end_at,ended_at,reason\n"
)
GOOD = (
    "water,planned,S.A. Apă-Canal Bălți,str. Decebal,8,14,,2026-12-09 09:00,"
    "2026-12-09 17:00,,Înlocuirea vanelor\n"
    "energie electrica,avarie,s.a. red nord,,,,str. Independenței 12,2026-12-07 09:00,"
    "2026-12-07 13:00,,Cablu deteriorat\n"
)
BAD = (
    "water,planned,S.A. Apă-Canal Bălți,str. Decebal,8,14,,2026-12-09 09:00,"
    "2026-12-09 17:00,,Înlocuirea vanelor\n"
    "gas,planned,S.A. Apă-Canal Bălți,str. Decebal,,,,2026-12-09 09:00,2026-12-09 17:00,,x\n"
    "water,planned,Nobody SRL,str. Decebal,,,,2026-12-09 09:00,2026-12-09 17:00,,x\n"
    "water,planned,S.A. Apă-Canal Bălți,str. Decebal,,,,tomorrow,2026-12-09 17:00,,x\n"
    "heating,planned,S.A. Apă-Canal Bălți,str. Decebal,,,,2026-12-09 09:00,"
    "2026-12-09 08:00,,x\n"
    "water,planned,S.A. Apă-Canal Bălți,,,,str. Decebal 999,2026-12-09 09:00,"
    "2026-12-09 17:00,,x\n"
)


def test_a_good_file_is_imported_whole(blocks):
    saved = outages_import_csv(HEADER + GOOD)
    assert [(o.utility, o.kind, o.provider.name) for o in saved] == [
        ("water", "planned", "S.A. Apă-Canal Bălți"),
        ("electricity", "emergency", "S.A. RED Nord"),
    ]
    assert list(saved[1].blocks.all()) == [blocks["independentei-12"]]


def test_a_file_with_bad_rows_is_refused_whole_with_each_problem_by_row(blocks):
    with pytest.raises(ImportRejectedError) as rejected:
        outages_import_csv(HEADER + BAD)
    assert rejected.value.messages == [
        "Row 3: Unknown service “gas”.",
        "Row 4: Unknown provider “Nobody SRL”.",
        "Row 5: “starts_at” must be a date and time like 2026-12-08 09:00.",
        "Row 6: S.A. Apă-Canal Bălți does not provide this service.",
        "Row 6: The expected end must come after the start.",
        "Row 7: No building “str. Decebal 999” is registered.",
    ]
    assert not Outage.objects.exists()  # row 2 was good, and is not saved either


def test_a_file_without_the_columns_is_refused(blocks):
    with pytest.raises(ImportRejectedError) as rejected:
        outages_import_csv("street;reason\nDecebal;x\n")
    assert "utility" in rejected.value.messages[0]


def test_the_import_command_reads_a_file_or_says_why_not(blocks, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD, encoding="utf-8")
    call_command("import", "outages", str(good))
    assert Outage.objects.count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + BAD, encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", "outages", str(bad))
    assert "Row 3: Unknown service" in capsys.readouterr().err
    assert Outage.objects.count() == 2


def test_the_staff_upload_shows_the_problems_and_imports_nothing(client, blocks):
    staff_login(client, "apa-canal")
    upload = SimpleUploadedFile("outages.csv", (HEADER + BAD).encode(), content_type="text/csv")
    response = client.post(reverse("housing:staff_outages_import"), {"file": upload})
    assert response.status_code == 400
    assert "Row 4: Unknown provider" in response.content.decode()
    assert not Outage.objects.exists()


def test_the_staff_upload_refuses_rows_of_a_provider_the_user_may_not_enter(client, blocks):
    staff_login(client, "apa-canal")
    upload = SimpleUploadedFile("outages.csv", (HEADER + GOOD).encode(), content_type="text/csv")
    response = client.post(reverse("housing:staff_outages_import"), {"file": upload})
    assert "Row 3: You may not enter outages of S.A. RED Nord." in response.content.decode()
    assert not Outage.objects.exists()


def test_the_staff_upload_of_a_good_file_imports_it(client, blocks):
    staff_login(client, "dispecerat", role="dispatcher")
    upload = SimpleUploadedFile("outages.csv", (HEADER + GOOD).encode(), content_type="text/csv")
    response = client.post(reverse("housing:staff_outages_import"), {"file": upload})
    assert response.status_code == 302
    assert Outage.objects.count() == 2
