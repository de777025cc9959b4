"""The skills study's published results in the open data catalogue.

The same figures as the public results page, by the same rules (see `analysis`): rounds
that are closed and have enough responses, small groups suppressed. The answers of an
enterprise, its name and its invitation are never part of it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from smartcity.opendata.registry import CC_BY_4, Column, Dataset, dataset_register
from smartcity.skills import selectors

dataset_register(
    Dataset(
        slug="skills-study-results",
        title=_("Study of IT and engineering skills: results"),
        description=_(
            "The aggregated results of each closed round of the study of the qualifications "
            "the city's enterprises need: staff, vacancies and hiring plans by occupation "
            "(ISCO-08) and by sector, skills needed and lacking, preferred training. Shares "
            "are weighted by enterprise size. A figure made up by fewer than three "
            "enterprises is suppressed: it is marked and has no value."
        ),
        themes=("EDUC", "ECON"),
        keywords=(_("skills"), _("ESCO"), _("labour market"), _("education")),
        licence=CC_BY_4,
        frequency="ANNUAL",
        columns=(
            Column("year", _("year"), "integer"),
            Column("table", _("table")),
            Column("code", _("code")),
            Column("label", _("label")),
            Column("measure", _("measure")),
            Column("value", _("value"), "number"),
            Column("unit", _("unit")),
            Column("enterprises", _("enterprises"), "integer"),
            Column("suppressed", _("suppressed"), "boolean"),
        ),
        rows=selectors.results_for_open_data,
        count=selectors.results_for_open_data_count,
        modified=selectors.results_modified,
        app_label="skills",
    )
)
