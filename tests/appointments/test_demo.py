from smartcity.appointments import demo
from smartcity.appointments.models import Booking, FrontDesk
from smartcity.public_services import demo as catalogue_demo


def test_the_demo_opens_a_desk_per_department_for_the_bookable_services_once(balti):
    catalogue_demo.catalogue_load()
    made = demo.desks_load(seed=1)
    desks = list(FrontDesk.objects.prefetch_related("services"))
    assert made == len(desks) > 0
    assert all("Piața Independenței 1" in desk.place and desk.is_illustrative for desk in desks)
    assert all(
        s.bookable and s.department_id == d.department_id for d in desks for s in d.services.all()
    )
    bookings = Booking.objects.count()
    assert bookings > 0 and not Booking.objects.filter(is_illustrative=False).exists()
    assert demo.desks_load(seed=1) == 0
    assert Booking.objects.count() == bookings
