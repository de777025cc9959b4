"""Demo plans of Bălți: illustrative trees in the exchange format (data/demo.csv),
imported through the real importer, linked to the collaboration's demo needs, ideas and
project, and with today's computed indicators. Not the texts the council adopted."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model

from smartcity.collaboration import selectors as collaboration_selectors
from smartcity.strategy import exchange, services
from smartcity.strategy.models import Node, Plan

DEMO_FILE = Path(__file__).parent / "data" / "demo.csv"

# action code: (need titles, idea titles, project titles) of the collaboration's demo
LINKS = {
    "A2.2.1": (
        ["Harta iluminatului public cu defecțiuni"],
        ["Telegestiunea iluminatului public pe strada Ștefan cel Mare"],
        [],
    ),
    "A5.1.2": (
        ["Programare online la starea civilă"],
        ["Programare online la oficiul stare civilă"],
        [],
    ),
    "A5.1.1": (["Reclamații despre încălzire doar prin telefon"], [], []),
    "A1.1.1": (
        [],
        ["Școală digitală în Bălțiul Nou: tablete și rețea"],
        ["Școală digitală în Bălțiul Nou: tablete și rețea"],
    ),
}
STRATEGY = "sdse-2021-2025"


def strategy_loaded() -> bool:
    return Plan.objects.exists()


def strategy_load() -> None:
    """Load the demo plans (idempotent: the importer updates by codes)."""
    admin = get_user_model().objects.get(username="admin")
    rows = exchange.table_read(DEMO_FILE.read_bytes(), filename=DEMO_FILE.name)
    exchange.plans_import(rows=rows, by=admin, filename=DEMO_FILE.name)
    for code, (needs, ideas, projects) in LINKS.items():
        node = Node.objects.get(plan__code=STRATEGY, code=code)
        services.node_links_set(
            node=node,
            by=admin,
            need_ids=collaboration_selectors.need_ids_titled(needs),
            idea_ids=collaboration_selectors.idea_ids_titled(ideas),
            project_ids=collaboration_selectors.project_ids_titled(projects),
        )
    services.indicators_compute()
