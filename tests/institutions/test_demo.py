"""The demo's education and culture: Bălți's named institutions and numbered schools and
kindergartens, all illustrative, a few events, the places per district; the same for a seed."""

from __future__ import annotations

from smartcity.collaboration.models import Event
from smartcity.institutions import demo, selectors
from smartcity.institutions.models import Institution, KindergartenPlaces
from tests.institutions.conftest import NOW


def _snapshot():
    institutions = list(
        Institution.objects.order_by("name_ro").values_list(
            "name_ro", "kind", "latitude", "longitude", "phone", "languages"
        )
    )
    places = list(
        KindergartenPlaces.objects.order_by("district__slug").values_list(
            "district__slug", "capacity", "enrolled", "waiting_list", "free_places"
        )
    )
    return institutions, places


def test_the_demo_loads_named_and_numbered_institutions_all_marked_illustrative(balti):
    demo.institutions_load(seed=3, progress=lambda _m: None)
    names = set(Institution.objects.values_list("name_ro", flat=True))
    assert "Teatrul Național „Vasile Alecsandri”" in names
    assert "Biblioteca Municipală „Eugen Coșeriu”" in names
    assert "Grădinița nr. 1 (exemplu)" in names
    assert not Institution.objects.filter(is_illustrative=False).exists()
    assert not Institution.objects.filter(location_is_approximate=False).exists()
    assert not Institution.objects.filter(district__isnull=True).exists()
    assert KindergartenPlaces.objects.filter(is_illustrative=True).count() == 10
    theatre = Institution.objects.get(kind="theatre")
    assert selectors.institution_events_upcoming(theatre, now=NOW)
    assert Event.objects.filter(kind="open_day").exists()
    assert demo.institutions_loaded()


def test_the_demo_is_the_same_for_the_same_seed(balti):
    demo.institutions_load(seed=3, progress=lambda _m: None)
    first = _snapshot()
    Event.objects.all().delete()
    KindergartenPlaces.objects.all().delete()
    Institution.objects.all().delete()
    demo.institutions_load(seed=3, progress=lambda _m: None)
    assert _snapshot() == first
