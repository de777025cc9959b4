"""The demo's housing: illustrative blocks on Bălți's streets with managers, outages
past, current and planned, the heating season, and the meters' suspicions as work."""

from __future__ import annotations

from smartcity.housing import demo, selectors
from smartcity.housing.models import ApartmentBlock, HeatingState, Outage, WorkItem
from smartcity.utilities import demo as utilities_demo
from tests.housing.conftest import NOW


def test_the_demo_houses_the_metered_blocks_with_outages_heating_and_work(
    balti, device_caches_fresh
):
    utilities_demo.utilities_load(seed=3, buildings=60, days=5, now=NOW, progress=lambda _m: None)
    made = demo.housing_load(seed=3, now=NOW, progress=lambda _m: None)
    assert made == ApartmentBlock.objects.count() == demo.BLOCKS
    assert not ApartmentBlock.objects.filter(is_illustrative=False).exists()
    assert not ApartmentBlock.objects.filter(manager__isnull=True).exists()
    phases = {selectors.outage_phase(o, NOW) for o in Outage.objects.all()}
    assert phases == {"ended", "current", "planned"}
    assert Outage.objects.filter(is_illustrative=True).count() == Outage.objects.count() == 6
    assert all(selectors.outage_blocks(o) for o in Outage.objects.all())
    assert HeatingState.objects.filter(state="on").exists()
    # Work items only for blocks the meters suspect, and the demo's blocks are theirs.
    items = list(WorkItem.objects.all())
    assert items and all(item.manager_id for item in items)
    assert {i.kind for i in items} == {"leak"}  # five days are too few for heat anomalies
    assert demo.housing_loaded()


def test_without_meters_the_demo_places_blocks_on_the_citys_streets(balti):
    demo.housing_load(seed=3, now=NOW, progress=lambda _m: None)
    streets = set(ApartmentBlock.objects.values_list("street", flat=True))
    assert streets <= set(demo.STREETS)
    assert ApartmentBlock.objects.count() == demo.BLOCKS
