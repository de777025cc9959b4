"""A resident books a time at a front desk in a real browser, gets the confirmation with
its calendar file, and cancels by the link, which frees the time for others."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail

from smartcity.appointments import slots
from smartcity.appointments.models import Booking, DeskService, FrontDesk
from smartcity.city import demo as city_demo
from smartcity.city.models import Department
from smartcity.public_services import demo as catalogue_demo
from smartcity.public_services.models import Service


@pytest.fixture
def desk_service(transactional_db):
    city_demo.city_load()
    catalogue_demo.catalogue_load()
    desk = FrontDesk.objects.create(
        number=1,
        name="Arhitectură și urbanism",
        place="Piața Independenței 1, ghișeul 1",
        department=Department.objects.get(slug="arhitectura"),
    )
    return DeskService.objects.create(
        desk=desk, service=Service.objects.get(slug="certificat-urbanism"), slot_minutes=20
    )


def test_a_resident_books_and_cancels_an_appointment(page, desk_service):
    page.goto("/appointments/")
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Urban planning certificate for design").click()
    day = slots.booking_days()[1]  # a whole working day ahead, whatever the hour now
    page.locator("#day").select_option(day.isoformat())
    page.get_by_role("button", name="Show free times").click()
    first = page.get_by_test_id("free-times").get_by_role("link").first
    chosen = first.inner_text().strip()
    assert chosen == "08:00"
    first.click()
    form = page.get_by_test_id("booking-form")
    form.get_by_label("Your name").fill("Maria Ciobanu")
    form.get_by_label("E-mail").fill("maria@example.md")
    form.get_by_role("button", name="Book").click()
    page.wait_for_selector("ul.messages li.success")
    assert page.get_by_test_id("booking-status").inner_text().strip() == "booked"
    booking = Booking.objects.get()
    assert booking.starts_at == datetime.datetime.combine(
        day, datetime.time(8), tzinfo=slots.city_tz()
    )
    (confirmation,) = mail.outbox
    assert confirmation.attachments[0][2] == "text/calendar"
    link = re.search(r"http://testserver(/appointments/booking/\S+/)", confirmation.body).group(1)

    page.goto(link)
    page.get_by_test_id("cancel-form").get_by_role("button").click()
    page.wait_for_selector("ul.messages li.success")
    assert page.get_by_test_id("booking-status").inner_text().strip() == "cancelled"
    assert Booking.objects.get().status == "cancelled"

    page.goto(f"/appointments/certificat-urbanism/?desk={desk_service.desk_id}&day={day}")
    assert page.get_by_test_id("free-times").get_by_role("link").first.inner_text() == "08:00"
