from __future__ import annotations

from django.core.management import call_command


def test_home_page_shows_the_city_contacts_and_hours_in_romanian(client, balti):
    page = client.get("/").content.decode()
    assert "Piața Independenței 1" in page
    assert "(0231) 2-64-50" in page
    assert "08:00–17:00" in page
    assert 'lang="ro"' in page


def test_the_language_switcher_changes_the_page_language(client, balti):
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    page = client.get("/").content.decode()
    assert 'lang="ru"' in page
    assert "пл. Независимости 1" in page


def test_a_browser_asking_for_english_still_gets_romanian_first(client, balti):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="ro"' in page


def test_the_demo_command_loads_balti_once(db, capsys):
    call_command("demo", "--no-serve")
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "already present" in out
    from smartcity.service_requests.models import ServiceRequest

    assert ServiceRequest.objects.count() >= 300
    from smartcity.transit.models import FeedInfo, Route, RouteType

    assert Route.objects.filter(route_type=RouteType.TROLLEYBUS).count() == 10
    assert FeedInfo.objects.get().is_illustrative


def test_a_nul_character_anywhere_gets_a_clear_400(client, balti):
    assert client.get("/requests/track/", {"code": "BL\x00"}).status_code == 400
    api = client.get("/api/service-requests/suggest", {"text": "a\x00"})
    assert api.status_code == 400 and api.json()["detail"]
    open311 = client.post("/open311/v2/requests.json", {"description": "x\x00"})
    assert open311.status_code == 400 and open311.json()[0]["code"] == 400
