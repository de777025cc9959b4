"""Kindergarten places from CSV: whole files or nothing, problems by row in the user's
language, through the importer registry and the staff's upload."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from smartcity.imports import importers
from smartcity.institutions import selectors
from smartcity.institutions.csvimport import ImportRejectedError, places_import_csv
from smartcity.institutions.models import KindergartenPlaces
from tests.institutions.conftest import staff_login

HEADER = "district;period;capacity;enrolled;waiting_list;free_places;source;published_on\n"
GOOD = (
    "centru;2026–2027;420;400;35;;Decizia primăriei;2026-09-01\n"
    "Dacia;2026–2027;610;640;80;0;Decizia primăriei;01.09.2026\n"
)
BAD = (
    "centru;2026–2027;420;400;35;;Decizia primăriei;2026-09-01\n"
    "Atlantida;2026–2027;100;90;2;;Decizia primăriei;2026-09-01\n"
    "dacia;2026–2027;douăzeci;10;0;;Decizia primăriei;2026-09-01\n"
    "molodova;2026–2027;50;40;1;70;Decizia primăriei;2026-09-01\n"
)


def test_a_good_file_is_imported_whole_with_free_places_worked_out(balti):
    saved = places_import_csv(HEADER + GOOD)
    assert len(saved) == 2
    table = selectors.places_table()
    assert table.period == "2026–2027"
    by_district = {row.district.slug: row for row in table.rows}
    assert by_district["centru"].free_places == 20  # capacity − enrolled
    assert by_district["dacia"].free_places == 0
    assert (table.capacity, table.waiting_list) == (1030, 115)


def test_a_file_with_a_bad_row_writes_nothing_and_says_which_rows(balti):
    with pytest.raises(ImportRejectedError) as rejected:
        places_import_csv(HEADER + BAD)
    messages = rejected.value.messages
    assert len(messages) == 3
    assert messages[0].startswith("Row 3:") and "Atlantida" in messages[0]
    assert messages[1].startswith("Row 4:") and "capacity" in messages[1]
    assert messages[2].startswith("Row 5:") and "more free places" in messages[2]
    assert not KindergartenPlaces.objects.exists()


def test_the_problems_are_in_romanian_for_a_romanian_user(balti):
    with translation.override("ro"), pytest.raises(ImportRejectedError) as rejected:
        places_import_csv(HEADER + BAD)
    assert rejected.value.messages[0].startswith("Rândul 3:")


def test_importing_again_replaces_a_districts_figures_for_the_period(balti):
    places_import_csv(HEADER + GOOD)
    places_import_csv(HEADER + "centru;2026–2027;420;410;20;;Actualizare;2026-10-01\n")
    assert KindergartenPlaces.objects.count() == 2
    assert KindergartenPlaces.objects.get(district__slug="centru").enrolled == 410


def test_a_header_without_the_columns_is_refused(balti):
    with pytest.raises(ImportRejectedError, match="header lacks"):
        places_import_csv("district,capacity\ncentru,3\n")


def test_the_importer_is_in_the_registry_and_run_by_the_import_command(balti, tmp_path, capsys):
    assert "kindergarten-places" in importers()
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(HEADER + GOOD, encoding="utf-8")
    bad.write_text(HEADER + BAD, encoding="utf-8")
    call_command("import", "kindergarten-places", str(good))
    assert "2 district-period row(s)" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("import", "kindergarten-places", str(bad))
    assert KindergartenPlaces.objects.count() == 2


def test_the_staff_upload_shows_the_problems_and_imports_nothing(client, balti):
    staff_login(client, "invatamant")
    upload = SimpleUploadedFile("places.csv", (HEADER + BAD).encode())
    response = client.post(reverse("institutions:staff_places_import"), {"file": upload})
    assert response.status_code == 400
    assert response.content.decode().count("Row ") == 3
    assert not KindergartenPlaces.objects.exists()


def test_the_staff_upload_of_a_good_file_shows_the_table(client, balti):
    staff_login(client, "invatamant")
    upload = SimpleUploadedFile("places.csv", (HEADER + GOOD).encode())
    response = client.post(reverse("institutions:staff_places_import"), {"file": upload})
    assert response.status_code == 302
    html = client.get(reverse("institutions:places")).content.decode()
    assert 'data-testid="places-total"' in html and "1030" in html


def test_the_culture_directorate_may_not_import_places(client, balti):
    staff_login(client, "cultura")
    upload = SimpleUploadedFile("places.csv", (HEADER + GOOD).encode())
    response = client.post(reverse("institutions:staff_places_import"), {"file": upload})
    assert response.status_code == 403
    assert not KindergartenPlaces.objects.exists()
