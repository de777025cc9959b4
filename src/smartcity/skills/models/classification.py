"""ISCO-08 occupations (with their ESCO group URIs) and the skills the study asks about."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Field(models.TextChoices):
    ICT = "ict", _("information and communication technology")
    ENGINEERING = "engineering", _("engineering")
    TRANSVERSAL = "transversal", _("transversal")


class Occupation(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    """An ISCO-08 unit group; `title` is translated (ro, ru, en)."""

    code = models.CharField(_("ISCO-08 code"), max_length=4, unique=True)
    title = models.CharField(_("title"), max_length=200)
    esco_uri = models.URLField(_("ESCO URI"), blank=True)
    field = models.CharField(_("field"), max_length=12, choices=Field.choices)

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Skill(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    code = models.SlugField(_("code"), max_length=60, unique=True)
    label = models.CharField(_("label"), max_length=200)
    field = models.CharField(_("field"), max_length=12, choices=Field.choices)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["field", "code"]

    def __str__(self) -> str:
        return self.label
