"""Forms of the back office: they parse and check input; the services do the work."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.forms import inlineformset_factory
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from smartcity.city.models import Department, District, StaffMember
from smartcity.city.selectors import street_search
from smartcity.service_requests.models import (
    CategoryAttribute,
    ClosureReason,
    ServiceCategory,
    ServiceRequest,
    Status,
)
from smartcity.service_requests.staff import selectors
from smartcity.service_requests.staff.selectors import ALL_STATUSES, NOT_CLOSED, QueueFilters

MAX_BULK = 500
AGE_CHOICES = [
    ("", _("any age")),
    ("1", _("older than 1 day")),
    ("7", _("older than 7 days")),
    ("30", _("older than 30 days")),
]
ASSIGNED_CHOICES = [
    ("", _("anyone or no one")),
    ("me", _("assigned to me")),
    ("none", _("unassigned")),
]
SORT_CHOICES = [
    ("due", _("due soonest")),
    ("oldest", _("oldest first")),
    ("newest", _("newest first")),
]


class _OwnIds:
    """Several action forms share one page: each gets its own prefix for element ids."""

    id_prefix = "form"

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


def status_filter_choices() -> list[tuple[str, str | Promise]]:
    return [(NOT_CLOSED, _("not closed")), *Status.choices, (ALL_STATUSES, _("all"))]


class QueueFilterForm(forms.Form):
    """The queue's filters from the query string; a bad value is reported and ignored."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=status_filter_choices)
    department = forms.ModelChoiceField[Department](
        label=_("Department"),
        required=False,
        queryset=Department.objects.all(),
        empty_label=_("all departments"),
    )
    category = forms.ModelChoiceField[ServiceCategory](
        label=_("Category"),
        required=False,
        queryset=ServiceCategory.objects.all(),
        empty_label=_("all categories"),
    )
    district = forms.ModelChoiceField[District](
        label=_("District"),
        required=False,
        queryset=District.objects.all(),
        empty_label=_("all districts"),
    )
    age = forms.ChoiceField(label=_("Age"), required=False, choices=AGE_CHOICES)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    assigned = forms.ChoiceField(label=_("Assigned"), required=False, choices=ASSIGNED_CHOICES)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, staff: StaffMember, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        if not staff.sees_all_departments:
            del self.fields["department"]
            category = cast(forms.ModelChoiceField[ServiceCategory], self.fields["category"])
            category.queryset = (
                ServiceCategory.objects.none()
                if staff.department_id is None
                else ServiceCategory.objects.filter(department_id=staff.department_id)
            )

    def filters(self) -> QueueFilters:
        """The valid filters; invalid ones fall back to their default."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return QueueFilters(
            status=data.get("status") or NOT_CLOSED,
            department=data.get("department"),
            category=data.get("category"),
            district=data.get("district"),
            older_than_days=int(data["age"]) if data.get("age") else None,
            overdue=bool(data.get("overdue")),
            assigned=data.get("assigned") or "",
            search=data.get("q") or "",
            sort=data.get("sort") or "due",
        )


class CommentForm(_OwnIds, forms.Form):
    id_prefix = "comment"

    public_comment = forms.CharField(
        label=_("Comment for the reporter"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StatusForm(CommentForm):
    """A status change with the comment and note that go with it."""

    id_prefix = "status"
    field_order = ["status", "closure_reason", "public_comment", "internal_note"]

    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    closure_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        required=False,
        choices=[("", _("— only when closing —")), *ClosureReason.choices],
    )


def _assignee_parse(raw: str, user):  # noqa: ANN001, ANN202
    """The user an `assignee` value names: "me", a user id, or empty for no one."""
    raw = (raw or "").strip()
    if raw == "me":
        return user
    if not raw:
        return None
    assignee = get_user_model().objects.filter(pk=raw).first() if raw.isdigit() else None
    if assignee is None:
        raise forms.ValidationError(_("Choose a staff member from the list."))
    return assignee


class AssignForm(_OwnIds, forms.Form):
    """`assignee`: a user id, "me", or empty to unassign."""

    id_prefix = "assign"

    assignee = forms.CharField(label=_("Assign to"), required=False, max_length=20)

    def __init__(self, *args, user, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_assignee(self):  # noqa: ANN201
        return _assignee_parse(self.cleaned_data["assignee"], self.user)


class RerouteForm(_OwnIds, forms.Form):
    id_prefix = "reroute"

    category = forms.ModelChoiceField[ServiceCategory](
        label=_("New category"), queryset=ServiceCategory.objects.none(), empty_label=None
    )
    public_comment = forms.CharField(
        label=_("Comment for the reporter"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        category = cast(forms.ModelChoiceField[ServiceCategory], self.fields["category"])
        category.queryset = selectors.category_choices()


class MergeForm(_OwnIds, forms.Form):
    """The original is picked from the candidates or typed as a tracking code."""

    id_prefix = "merge"

    original = forms.CharField(
        label=_("Tracking code of the original"), required=False, max_length=20
    )
    candidate = forms.CharField(required=False, max_length=20)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        code = (data.get("original") or data.get("candidate") or "").strip().upper()
        if not code:
            raise forms.ValidationError(_("Choose the original request or type its tracking code."))
        original = ServiceRequest.objects.filter(tracking_code=code).first()
        if original is None:
            raise forms.ValidationError(
                _("No request has the tracking code “%(code)s”.") % {"code": code}
            )
        data["original_request"] = original
        return data


class PlaceForm(_OwnIds, forms.Form):
    """Where a request is: its coordinates (from the map or typed), or a street of the
    city's gazetteer, placed at that street's point."""

    id_prefix = "place"

    latitude = forms.FloatField(label=_("Latitude"), required=False)
    longitude = forms.FloatField(label=_("Longitude"), required=False)
    street = forms.CharField(label=_("or a street of Bălți"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("latitude") is not None and data.get("longitude") is not None:
            return data
        street = (data.get("street") or "").strip()
        if not street:
            raise forms.ValidationError(_("Give the latitude and longitude, or a street."))
        found = street_search(street, limit=1)
        if not found:
            raise forms.ValidationError(
                _("No street of Bălți is called “%(street)s”.") % {"street": street[:100]}
            )
        data["latitude"], data["longitude"] = found[0].latitude, found[0].longitude
        return data


class BulkForm(forms.Form):
    """A change to the requests ticked in the queue."""

    ACTIONS = [("status", _("change status")), ("assign", _("assign"))]

    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    status = forms.ChoiceField(label=_("New status"), required=False, choices=Status.choices)
    closure_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        required=False,
        choices=[("", _("— only when closing —")), *ClosureReason.choices],
    )
    public_comment = forms.CharField(
        label=_("Comment for the reporters"), required=False, max_length=2000
    )
    assignee = forms.CharField(label=_("Assign to"), required=False, max_length=20)

    def __init__(self, *args, user, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_assignee(self):  # noqa: ANN201
        return _assignee_parse(self.cleaned_data.get("assignee", ""), self.user)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        # The ticked rows come as repeated `ids` values, which a form field cannot hold.
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        if not raw:
            raise forms.ValidationError(_("Tick at least one request."))
        if len(raw) > MAX_BULK or not all(str(item).isdigit() for item in raw):
            raise forms.ValidationError(_("The ticked requests could not be read."))
        data["ids"] = sorted({int(item) for item in raw})
        if data.get("action") == "status" and not data.get("status"):
            self.add_error("status", _("Choose the new status."))
        return data


# --- categories ----------------------------------------------------------------------


class CategoryForm(forms.ModelForm):
    class Meta:
        model = ServiceCategory
        fields = [
            "code",
            "name_ro",
            "name_ru",
            "name_en",
            "description_ro",
            "description_ru",
            "description_en",
            "group_ro",
            "group_ru",
            "group_en",
            "keywords",
            "department",
            "sla_hours",
            "is_active",
            "order",
        ]
        widgets = {
            "description_ro": forms.Textarea(attrs={"rows": 2}),
            "description_ru": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["name_ro"].required = True


def attribute_values_text(attribute: CategoryAttribute) -> str:
    """An attribute's allowed values as edited: one `key|ro|ru|en` line each."""
    if attribute.pk is None:
        return ""
    return "\n".join(
        "|".join([value.key, value.name_ro or "", value.name_ru or "", value.name_en or ""])
        for value in attribute.values.all()
    )


class AttributeForm(forms.ModelForm):
    values_text = forms.CharField(
        label=_("Choices (one per line: key|Romanian|Russian|English)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = CategoryAttribute
        fields = [
            "code",
            "description_ro",
            "description_ru",
            "description_en",
            "datatype",
            "required",
            "variable",
            "order",
        ]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["description_ro"].required = True
        if not self.is_bound:
            self.fields["values_text"].initial = attribute_values_text(self.instance)


AttributeFormSet = inlineformset_factory(
    ServiceCategory,
    CategoryAttribute,
    form=AttributeForm,
    extra=1,
    can_delete=True,
)
