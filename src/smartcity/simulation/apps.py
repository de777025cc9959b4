from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimulationConfig(AppConfig):
    """Demo devices of Bălți and the simulator that keeps them talking."""

    name = "smartcity.simulation"
    label = "simulation"
    verbose_name = _("Simulation")
