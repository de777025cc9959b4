"""Apartment blocks and who manages them, outages of the communal services, residents'
subscriptions to them, the heating season per block, and the managers' work items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcity.city.models import Department, District


class Utility(models.TextChoices):
    WATER = "water", _("water")
    SEWAGE = "sewage", _("sewage")
    HEATING = "heating", _("heating")
    ELECTRICITY = "electricity", _("electricity")


class BlockManager(models.Model):
    """Who looks after a block: an owners' association (asociația de proprietari, APC),
    a condominium, or the municipal housing enterprise."""

    class Kind(models.TextChoices):
        OWNERS_ASSOCIATION = "owners_association", _("owners' association")
        CONDOMINIUM = "condominium", _("condominium association")
        MUNICIPAL = "municipal", _("municipal housing enterprise")
        OTHER = "other", _("other manager")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="block_managers",
        verbose_name=_("city department or municipal enterprise"),
        help_text=_("Only when the manager is itself a department or municipal enterprise."),
    )
    is_illustrative = models.BooleanField(_("illustrative (demo) data"), default=False)

    class Meta:
        verbose_name = _("block manager")
        verbose_name_plural = _("block managers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApartmentBlock(models.Model):
    class Heating(models.TextChoices):
        DISTRICT = "district", _("district heating")
        BUILDING_BOILER = "building_boiler", _("building boiler")
        INDIVIDUAL = "individual", _("individual boilers")
        NONE = "none", _("no central heating")

    street = models.CharField(_("street"), max_length=120)
    number = models.CharField(_("number"), max_length=20)
    # The leading digits of the number ("12" of "12/1"), for outages by number range.
    number_value = models.PositiveIntegerField(_("number (digits)"))
    # The street folded for matching ("independentei"); see selectors.street_key.
    street_key = models.CharField(_("street key"), max_length=120, db_index=True)
    # The address as the meters' `building` attribute names it, folded the utilities' way
    # (utilities.selectors.building_key): how a meter's suspicion finds its block.
    address_key = models.CharField(_("address key"), max_length=160, db_index=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="apartment_blocks",
        verbose_name=_("district"),
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    floors = models.PositiveSmallIntegerField(_("floors"))
    apartments = models.PositiveSmallIntegerField(_("apartments"))
    year_built = models.PositiveSmallIntegerField(_("year built"), null=True, blank=True)
    heating = models.CharField(
        _("heating type"), max_length=20, choices=Heating.choices, default=Heating.DISTRICT
    )
    manager = models.ForeignKey(
        BlockManager,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blocks",
        verbose_name=_("manager"),
    )
    is_illustrative = models.BooleanField(_("illustrative (demo) data"), default=False)

    class Meta:
        verbose_name = _("apartment block")
        verbose_name_plural = _("apartment blocks")
        ordering = ["street_key", "number_value", "number"]
        constraints = [
            models.UniqueConstraint(fields=["street_key", "number"], name="block_address_unique")
        ]

    def __str__(self) -> str:
        return f"{self.street} {self.number}"

    @property
    def address(self) -> str:
        return f"{self.street} {self.number}"


class UtilityProvider(models.Model):
    """The company that runs a network: Apă-Canal Bălți, Termogaz-Bălți, RED Nord."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    utilities = models.JSONField(_("services"), default=list, help_text=_('e.g. ["water"]'))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="utility_providers",
        verbose_name=_("department whose staff enter its outages"),
    )

    class Meta:
        verbose_name = _("utility provider")
        verbose_name_plural = _("utility providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Outage(models.Model):
    class Kind(models.TextChoices):
        PLANNED = "planned", _("planned")
        EMERGENCY = "emergency", _("emergency")

    utility = models.CharField(_("service"), max_length=20, choices=Utility.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    provider = models.ForeignKey(
        UtilityProvider,
        on_delete=models.PROTECT,
        related_name="outages",
        verbose_name=_("provider"),
    )
    street = models.CharField(_("street"), max_length=120, blank=True)
    street_key = models.CharField(_("street key"), max_length=120, blank=True, db_index=True)
    number_from = models.PositiveIntegerField(_("from number"), null=True, blank=True)
    number_to = models.PositiveIntegerField(_("to number"), null=True, blank=True)
    blocks = models.ManyToManyField(
        ApartmentBlock, blank=True, related_name="outages", verbose_name=_("buildings")
    )
    starts_at = models.DateTimeField(_("start"))
    expected_end_at = models.DateTimeField(_("expected end"))
    ended_at = models.DateTimeField(_("actual end"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered at"))
    is_illustrative = models.BooleanField(_("illustrative (demo) data"), default=False)

    class Meta:
        verbose_name = _("outage")
        verbose_name_plural = _("outages")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.get_utility_display()}: {self.where}"

    @property
    def where(self) -> str:
        if not self.street:
            return ""
        if self.number_from is not None and self.number_to is not None:
            return f"{self.street} {self.number_from}–{self.number_to}"
        return self.street


class OutageSubscription(models.Model):
    """A resident's wish to hear of outages at one block or on one street."""

    email = models.EmailField(_("email"))
    block = models.ForeignKey(
        ApartmentBlock,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("building"),
    )
    street = models.CharField(_("street"), max_length=120, blank=True)
    street_key = models.CharField(_("street key"), max_length=120, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=8, default="ro")
    token = models.CharField(_("token"), max_length=64, unique=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("outage subscription")
        verbose_name_plural = _("outage subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(block__isnull=False) | ~models.Q(street_key=""),
                name="outage_subscription_has_place",
            )
        ]

    def __str__(self) -> str:
        return self.email


class OutageNotice(models.Model):
    """One email sent to one subscriber about one outage: at most one of each kind."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("before it starts")
        STARTED = "started", _("it started")
        ENDED = "ended", _("it ended")

    outage = models.ForeignKey(Outage, on_delete=models.CASCADE, related_name="notices")
    subscription = models.ForeignKey(
        OutageSubscription, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("outage notice")
        verbose_name_plural = _("outage notices")
        constraints = [
            models.UniqueConstraint(
                fields=["outage", "subscription", "kind"], name="outage_notice_once"
            )
        ]


class HeatingState(models.Model):
    """The heating of a block from a day on (until the next state, or `until`)."""

    class State(models.TextChoices):
        ON = "on", _("heating on")
        PARTIAL = "partial", _("heating partly on")
        OFF = "off", _("heating off")

    block = models.ForeignKey(
        ApartmentBlock, on_delete=models.CASCADE, related_name="heating_states"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("heating state")
        verbose_name_plural = _("heating states")
        ordering = ["-since", "-recorded_at"]


class WorkItem(models.Model):
    """Something a block's manager has to look into: here, what the meters suggest."""

    class Kind(models.TextChoices):
        LEAK = "leak", _("water leak suspected")
        HEAT = "heat", _("abnormal heat use")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    block = models.ForeignKey(ApartmentBlock, on_delete=models.CASCADE, related_name="work_items")
    manager = models.ForeignKey(
        BlockManager,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_items",
        verbose_name=_("manager"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    meter_ref = models.CharField(_("meter"), max_length=100)
    # The suspicion's first and latest day seen (a leak: nights; heat: the one day).
    first_seen = models.DateField(_("first seen"))
    last_seen = models.DateField(_("last seen"))
    details = models.CharField(_("details"), max_length=500)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="open")
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        ordering = ["-created_at"]
        constraints = [
            # Two workers finding the same suspicion at once: one item.
            models.UniqueConstraint(
                fields=["kind", "meter_ref", "first_seen"], name="work_item_once_per_suspicion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.block}"
