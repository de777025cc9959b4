import pytest
from django.core import mail

from smartcity.appointments.models import Booking
from tests.appointments.conftest import at, booked, key


def test_a_resident_sees_the_free_times_of_a_day(client, desk_service):
    page = client.get(
        f"/appointments/certificat-urbanism/?desk={desk_service.desk_id}&day=2026-12-22"
    )
    assert page.status_code == 200
    assert f"at={key(at(22, 8))}" in page.content.decode()


def test_a_resident_books_and_cancels_through_the_pages(
    client, desk_service, django_capture_on_commit_callbacks
):
    url = f"/appointments/certificat-urbanism/book/?desk={desk_service.desk_id}&at={key(at(22, 9))}"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            "/appointments/certificat-urbanism/book/",
            {
                "desk": desk_service.desk_id,
                "at": key(at(22, 9)),
                "name": "Maria",
                "email": "m@example.md",
            },
        )
    booking = Booking.objects.get()
    assert answer.status_code == 302 and booking.cancel_token in answer["Location"]
    assert len(mail.outbox) == 1
    assert (
        client.get(f"/appointments/booking/{booking.cancel_token}/appointment.ics").status_code
        == 200
    )
    client.post(f"/appointments/booking/{booking.cancel_token}/cancel/")
    assert Booking.objects.get().status == "cancelled"


def test_a_time_taken_meanwhile_sends_the_resident_back_to_choose(client, desk_service):
    booked(desk_service, at(22, 9))
    answer = client.post(
        "/appointments/certificat-urbanism/book/",
        {
            "desk": desk_service.desk_id,
            "at": key(at(22, 9)),
            "name": "Ion",
            "phone": "+373 69 123456",
        },
        follow=True,
    )
    assert "That time was just taken" in answer.content.decode()
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/appointments/certificat-urbanism/?day=tomorrow",
        "/appointments/certificat-urbanism/?desk=x",
        "/appointments/certificat-urbanism/book/?desk=1&at=soon",
        "/appointments/certificat-urbanism/book/",
        "/appointments/certificat-urbanism/book/?desk=1&at=2026-12-21T06:00Z",
    ],
)
def test_bad_input_gets_a_clear_400(client, desk_service, url):
    answer = client.get(url.replace("desk=1", f"desk={desk_service.desk_id}"))
    assert answer.status_code == 400
    assert 'data-testid="error"' in answer.content.decode()


def test_an_unknown_service_or_token_is_404(client, desk_service):
    assert client.get("/appointments/no-such-service/").status_code == 404
    assert client.get("/appointments/booking/wrong/").status_code == 404
    assert client.post("/appointments/booking/wrong/cancel/").status_code == 404


def test_bookings_past_the_hourly_limit_are_refused(client, desk_service, settings):
    settings.SMARTCITY_BOOKINGS_PER_HOUR = 1
    for n, hour in enumerate((9, 10)):
        answer = client.post(
            "/appointments/certificat-urbanism/book/",
            {
                "desk": desk_service.desk_id,
                "at": key(at(22, hour)),
                "name": f"R{n}",
                "phone": "069123456",
            },
        )
    assert answer.status_code == 429
    assert Booking.objects.count() == 1


def test_the_desks_department_sees_its_day_and_marks_who_came(client, desk_service, architect):
    booking = booked(desk_service, at(21, 14))
    client.force_login(architect)
    page = client.get(f"/appointments/staff/desks/{desk_service.desk.number}/")
    assert page.status_code == 200 and "Maria Ciobanu" in page.content.decode()
    client.post(f"/appointments/staff/bookings/{booking.pk}/mark/", {"status": "attended"})
    assert Booking.objects.get().status == "attended"


def test_another_departments_staff_is_refused_the_desk(client, desk_service, road_staff):
    booking = booked(desk_service, at(21, 14))
    client.force_login(road_staff)
    assert client.get(f"/appointments/staff/desks/{desk_service.desk.number}/").status_code == 403
    assert client.get("/appointments/staff/").status_code == 403
    answer = client.post(f"/appointments/staff/bookings/{booking.pk}/mark/", {"status": "no_show"})
    assert answer.status_code == 403 and Booking.objects.get().status == "booked"


def test_anonymous_visitors_are_sent_to_sign_in_for_the_desk(client, desk_service):
    assert client.get("/appointments/staff/desks/1/").status_code == 302
