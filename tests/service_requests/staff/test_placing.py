"""A request reported by an address nobody could locate waits in the queue, flagged, for
staff to place it on the map."""

from __future__ import annotations

import pytest

from smartcity.city.selectors import location_of
from smartcity.service_requests.models import AreaSubscription, RequestUpdate, ServiceRequest
from tests.factories import service_request_submit

HTMX = {"HTTP_HX_REQUEST": "true"}
ADDRESS = "Curtea din spatele pieței centrale"
# A point in the city (str. Ștefan cel Mare, the centre).
LAT, LON = 47.7617, 27.9289


@pytest.fixture
def unplaced(balti):
    return service_request_submit(
        category="pothole", latitude=None, longitude=None, to_be_placed=True, address=ADDRESS
    )


def _place(client, request, data, **headers):
    return client.post(f"/staff/requests/{request.tracking_code}/place/", data, **headers)


def test_the_queue_flags_a_request_to_be_placed_on_the_map(roads_client, unplaced):
    placed = service_request_submit(category="pothole")
    page = roads_client.get("/staff/").content.decode()
    row = page.split(f'data-code="{unplaced.tracking_code}"')[1].split("</tr>")[0]
    assert 'data-testid="to-be-placed"' in row and "to be placed on the map" in row
    other = page.split(f'data-code="{placed.tracking_code}"')[1].split("</tr>")[0]
    assert "to-be-placed" not in other


def test_the_staff_map_leaves_out_a_request_with_no_point(roads_client, unplaced):
    data = roads_client.get("/staff/map.geojson?status=all").json()
    assert unplaced.tracking_code not in [
        f["properties"]["tracking_code"] for f in data["features"]
    ]


def test_the_request_page_offers_to_place_it(roads_client, unplaced):
    page = roads_client.get(f"/staff/requests/{unplaced.tracking_code}/").content.decode()
    assert 'data-testid="to-be-placed"' in page
    assert 'data-testid="place-form"' in page


def test_staff_place_it_by_coordinates_and_the_district_and_history_follow(roads_client, unplaced):
    response = _place(roads_client, unplaced, {"latitude": LAT, "longitude": LON})
    assert response.status_code == 302
    unplaced.refresh_from_db()
    assert (unplaced.latitude, unplaced.longitude) == (LAT, LON)
    assert unplaced.district == location_of(latitude=LAT, longitude=LON).district
    assert unplaced.district is not None
    entry = unplaced.updates.order_by("created_at", "id").last()
    assert entry.kind == RequestUpdate.Kind.PLACED
    assert entry.staff.username == "drumuri"
    assert unplaced.district.name_en in entry.internal_note  # written as the staff read it
    page = roads_client.get(f"/staff/requests/{unplaced.tracking_code}/").content.decode()
    assert 'data-kind="placed"' in page and "to-be-placed" not in page


def test_staff_place_it_at_a_street_of_the_gazetteer(roads_client, unplaced):
    response = _place(roads_client, unplaced, {"street": "str. Decebal 12"}, **HTMX)
    assert response.status_code == 200
    assert "placed on the map" in response.content.decode()
    unplaced.refresh_from_db()
    assert (unplaced.latitude, unplaced.longitude) == (47.7560, 27.9230)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({}, "Give the latitude and longitude, or a street."),
        ({"street": "Nicăieri"}, "No street of Bălți is called"),
        ({"latitude": 46.0, "longitude": 29.0}, "outside the municipality"),
        ({"latitude": "nord", "longitude": LON}, "Enter a number."),
    ],
)
def test_a_place_that_is_no_place_in_the_city_is_refused_and_nothing_changes(
    roads_client, unplaced, data, says
):
    response = _place(roads_client, unplaced, data)
    assert response.status_code == 400
    assert says in response.content.decode()
    unplaced.refresh_from_db()
    assert unplaced.latitude is None
    assert not unplaced.updates.filter(kind=RequestUpdate.Kind.PLACED).exists()


def test_another_departments_staff_cannot_place_it(lighting_client, unplaced):
    response = _place(lighting_client, unplaced, {"latitude": LAT, "longitude": LON})
    assert response.status_code == 403
    assert ServiceRequest.objects.get(pk=unplaced.pk).latitude is None


def test_area_subscribers_hear_of_it_once_it_is_placed(
    roads_client, unplaced, django_capture_on_commit_callbacks, mailoutbox
):
    from smartcity.service_requests import notifications

    AreaSubscription.objects.create(
        email="vecin@example.md",
        latitude=LAT,
        longitude=LON,
        radius_m=300,
        token="t-1",
        confirmed_at=unplaced.requested_at,
        created_at=unplaced.requested_at,
    )
    assert notifications.subscribers_notify(request_id=unplaced.pk) == 0  # no place yet
    with django_capture_on_commit_callbacks(execute=True):
        _place(roads_client, unplaced, {"latitude": LAT, "longitude": LON})
    assert [m.to for m in mailoutbox] == [["vecin@example.md"]]
