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


class Notice(models.Model):
    """A notice to a resident through MNotify, kept until MNotify has taken it.

    Beside the e-mail, never instead of it: the e-mail goes out on its own path first."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("taken by MNotify")
        FAILED = "failed", _("given up")

    recipient_idnp = models.CharField(_("IDNP"), max_length=13, validators=[idnp_validate])
    # {"ro": …, "ru": …, "en": …}: MNotify shows the resident their own language.
    subject = models.JSONField(_("subject"))
    body = models.JSONField(_("body"))
    priority = models.CharField(_("priority"), max_length=10, default="Normal")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # What went wrong last, for the IT team: the kind of error only, no personal data.
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    mnotify_id = models.CharField(_("MNotify's notification id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("MNotify notice")
        verbose_name_plural = _("MNotify notices")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"notice {self.pk} ({self.status})"


class FeeOrder(models.Model):
    """A fee a resident pays through MPay: made by another app (fee_order_create), asked
    about by MPay (GetOrderDetails) and marked paid when MPay confirms the payment.

    MPay knows it by `order_key` within the platform's MPay service."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to be paid")
        PAID = "paid", _("paid")
        CANCELLED = "cancelled", _("cancelled")

    order_key = models.CharField(_("order key"), max_length=36, unique=True)
    amount = models.DecimalField(_("amount (MDL)"), max_digits=12, decimal_places=2)
    # What the payment is for, as MPay shows it to the payer (MPay's limit: 50 characters).
    reason = models.CharField(_("reason for payment"), max_length=50)
    payer_name = models.CharField(_("payer's name"), max_length=60, blank=True)
    payer_idnp = models.CharField(
        _("payer's IDNP"), max_length=13, blank=True, validators=[idnp_validate]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    # MPay's PaymentID, unique within MPay: the same confirmation twice is one payment.
    mpay_payment_id = models.CharField(
        _("MPay's payment id"), max_length=36, unique=True, null=True, blank=True
    )
    mpay_invoice_id = models.CharField(_("MPay's invoice id"), max_length=36, blank=True)
    # MPay's confirmation as it came (the guide asks providers to keep it for disputes).
    confirmation = models.TextField(_("MPay's confirmation message"), blank=True)

    class Meta:
        verbose_name = _("fee paid through MPay")
        verbose_name_plural = _("fees paid through MPay")

    def __str__(self) -> str:
        return f"{self.order_key} ({self.status})"
