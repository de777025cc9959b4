"""The public map, an institution's page, the places table, and the staff's pages."""

from __future__ import annotations

import datetime

from django.urls import reverse

from smartcity.city.models import StaffMember
from smartcity.institutions.models import Institution, OpeningHours
from smartcity.opendata import tiles
from tests.institutions.conftest import NOW, staff_login


def test_the_map_lists_institutions_with_their_state_and_loads_no_tiles(client, institutions):
    html = client.get(reverse("institutions:map")).content.decode()
    assert html.count('data-testid="institution-row"') == 3
    assert 'data-tiles=""' in html  # the tests' settings: no tile server
    assert "Gimnaziul nr. 1" in html and "Grădinița nr. 1" in html


def test_the_map_filters_by_kind_and_district(client, institutions):
    html = client.get(reverse("institutions:map"), {"sector": "culture"}).content.decode()
    assert html.count('data-testid="institution-row"') == 1 and "Teatrul" in html
    district = institutions["gymnasium"].district.slug
    features = client.get(reverse("institutions:map_geojson"), {"district": district}).json()[
        "features"
    ]
    assert [f["properties"]["kind"] for f in features] == ["gymnasium"]
    assert features[0]["geometry"]["coordinates"] == [27.95, 47.745]


def test_the_geojson_says_which_are_open_now(client, institutions):
    features = client.get(reverse("institutions:map_geojson")).json()["features"]
    state = {f["properties"]["kind"]: f["properties"]["open_now"] for f in features}
    assert state == {"theatre": True, "gymnasium": True, "kindergarten": True}


def test_an_institutions_page_shows_contacts_hours_and_open_now(client, institutions):
    html = client.get(
        reverse("institutions:institution", args=[institutions["theatre"].pk])
    ).content.decode()
    assert "Open now" in html and "closes at 19:00" in html
    assert "(0231) 2-22-22" in html and "https://example.org/teatru" in html
    assert 'aria-current="date"' in html  # Monday marked
    assert "11:00–17:00" in html  # Sunday
    assert client.get(reverse("institutions:institution", args=[99999])).status_code == 404


def test_a_closed_institution_says_when_it_opens(client, institutions):
    gymnasium = institutions["gymnasium"]
    OpeningHours.objects.filter(institution=gymnasium, weekday=0).delete()
    html = client.get(reverse("institutions:institution", args=[gymnasium.pk])).content.decode()
    assert "Closed now" in html and "opens Tuesday at 08:00" in html


def test_the_places_page_without_figures_says_so(client, balti):
    html = client.get(reverse("institutions:places")).content.decode()
    assert 'data-testid="no-places"' in html


def test_anonymous_staff_pages_go_to_the_login(client, balti):
    response = client.get(reverse("institutions:staff"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_other_departments_are_refused_the_staff_pages(client, balti):
    staff_login(client, "drumuri")
    response = client.get(reverse("institutions:staff"))
    assert response.status_code == 403
    assert 'data-testid="forbidden"' in response.content.decode()


def test_the_culture_directorate_may_not_open_a_schools_editing_page(client, institutions):
    staff_login(client, "cultura")
    url = reverse("institutions:staff_edit", args=[institutions["gymnasium"].pk])
    assert client.get(url).status_code == 403
    home = client.get(reverse("institutions:staff")).content.decode()
    assert "Teatrul" in home and "Gimnaziul" not in home


def test_the_education_directorate_edits_a_schools_hours(client, institutions):
    staff_login(client, "invatamant")
    gymnasium = institutions["gymnasium"]
    url = reverse("institutions:staff_edit", args=[gymnasium.pk])
    form = {
        "kind": "gymnasium",
        "name_ro": "Gimnaziul nr. 1",
        "name_ru": "Гимназия № 1",
        "address": "str. Kiev 5",
        "latitude": "47.745",
        "longitude": "27.95",
        "languages": "ro, ru",
        "hours_0": "08:00–15:00",
        "hours_1": "08:00–15:00",
        "hours_5": "nine to five",
    }
    refused = client.post(url, form)
    assert refused.status_code == 400 and "is not like 08:00–17:00" in refused.content.decode()
    form["hours_5"] = ""
    assert client.post(url, form).status_code == 302
    gymnasium.refresh_from_db()
    assert gymnasium.name_ru == "Гимназия № 1" and gymnasium.languages == ["ro", "ru"]
    assert OpeningHours.objects.filter(institution=gymnasium).count() == 2


def test_staff_add_an_institution_of_their_sector_only(client, balti):
    staff_login(client, "cultura")
    form = {
        "kind": "museum",
        "name_ro": "Muzeul de Istorie și Etnografie",
        "address": "str. Independenței",
        "latitude": "47.7631",
        "longitude": "27.9279",
        "hours_1": "09:00–17:00",
    }
    assert client.post(reverse("institutions:staff_new"), form).status_code == 302
    museum = Institution.objects.get()
    assert museum.department.slug == "cultura"
    refused = client.post(reverse("institutions:staff_new"), form | {"kind": "lyceum"})
    assert refused.status_code == 403
    assert Institution.objects.count() == 1


def test_staff_announce_an_event_that_shows_on_the_institutions_page(client, institutions):
    staff_login(client, "cultura")
    theatre = institutions["theatre"]
    starts = (NOW + datetime.timedelta(days=2)).astimezone(
        datetime.timezone(datetime.timedelta(hours=2))
    )
    form = {
        "title": "Concert de Crăciun",
        "kind": "concert",
        "role": "venue",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = client.post(reverse("institutions:staff_event_new", args=[theatre.pk]), form)
    assert response.status_code == 302
    client.logout()
    html = client.get(reverse("institutions:institution", args=[theatre.pk])).content.decode()
    assert "Concert de Crăciun" in html


def test_an_administrator_sees_every_institution_in_the_staff_list(client, institutions):
    staff_login(client, None, role=StaffMember.Role.ADMINISTRATOR)
    html = client.get(reverse("institutions:staff")).content.decode()
    assert all(i.name in html for i in institutions.values())


def test_the_dashboard_counts_the_institutions_open_now(institutions):
    shown = {s.place: s for s in tiles.dashboard_tiles(now=NOW, fresh=True)}
    figures = {f.key: f.value for f in shown["institutions"].reading.figures}
    assert figures == {"institutions-open": "3", "institutions-total": "3"}
    at_night = NOW + datetime.timedelta(hours=12)
    night = {s.place: s for s in tiles.dashboard_tiles(now=at_night, fresh=True)}
    assert night["institutions"].reading.figures[0].value == "0"


def test_without_institutions_the_dashboard_has_no_data_yet(db):
    shown = {s.place: s for s in tiles.dashboard_tiles(now=NOW, fresh=True)}
    assert shown["institutions"].reading is None
