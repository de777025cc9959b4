from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcity.egov.idnp import idnp_validate


class MPassIdentity(models.Model):
    """The identity MPass vouched for when a resident signed in: one per account and IDNP.

    MPass is the authority for the names: they are replaced at every sign-in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mpass_identity",
        verbose_name=_("user"),
    )
    idnp = models.CharField(_("IDNP"), max_length=13, unique=True, validators=[idnp_validate])
    first_name = models.CharField(_("first name"), max_length=64)
    last_name = models.CharField(_("last name"), max_length=64)
    email = models.EmailField(_("email"), blank=True)
    first_signed_in_at = models.DateTimeField(_("first signed in at"), auto_now_add=True)
    last_signed_in_at = models.DateTimeField(_("last signed in at"))

    class Meta:
        verbose_name = _("MPass identity")
        verbose_name_plural = _("MPass identities")

    def __str__(self) -> str:
        # Never the IDNP: this string ends up in the admin's log and in log lines.
        return f"{self.first_name} {self.last_name}"
