from __future__ import annotations

from smartcity.collaboration import demo as collaboration_demo
from smartcity.strategy import demo, selectors
from smartcity.strategy.models import IndicatorValue, Node, Plan


def test_demo_plans_load_with_links_and_computed_values(balti):
    collaboration_demo.collaboration_load()
    demo.strategy_load()
    assert set(Plan.objects.values_list("code", flat=True)) == {"sdse-2021-2025", "pdel-2020-2022"}
    assert all(Plan.objects.values_list("is_illustrative", flat=True))
    lighting = Node.objects.get(plan__code="sdse-2021-2025", code="A2.2.1")
    assert lighting.responsible_department.slug == "iluminat"
    assert lighting.needs.count() == 1 and lighting.ideas.count() == 1
    assert IndicatorValue.objects.filter(is_computed=True, indicator__code="I6").exists()
    tree = selectors.plan_tree(Plan.objects.get(code="sdse-2021-2025"))
    assert tree.progress is not None and 0 < tree.progress < 100


def test_demo_loads_twice_without_duplicates(balti):
    collaboration_demo.collaboration_load()
    demo.strategy_load()
    count = Node.objects.count()
    demo.strategy_load()
    assert Node.objects.count() == count
