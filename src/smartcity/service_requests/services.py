"""Writes on service requests: one function per thing that happens to a report."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from smartcity.city.models import Department
from smartcity.city.selectors import location_of, staff_member_of
from smartcity.service_requests import notifications
from smartcity.service_requests import photos as photo_processing
from smartcity.service_requests.category_files import Category
from smartcity.service_requests.models import (
    AreaSubscription,
    AttributeValue,
    CategoryAttribute,
    ClosureReason,
    Open311Client,
    RequestPhoto,
    RequestUpdate,
    ServiceCategory,
    ServiceRequest,
    Source,
    Status,
)
from smartcity.service_requests.text import clean_text

# Crockford's base32 without I, L, O, U: codes read aloud over the phone stay unambiguous.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DESCRIPTION_MAX_LENGTH = 4000
MAX_PHOTOS = 5


@dataclass
class Reporter:
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    language: str = "ro"
    device_id: str = ""
    account_id: str = ""


@dataclass
class RequestDraft:
    category: ServiceCategory
    description: str
    # Open311 clients send the text they were given; coordinates_validate parses it.
    latitude: float | str | None
    longitude: float | str | None
    address: str = ""
    # No point, only an address nobody could locate (GeoReport v2 allows it): the request
    # is stored without coordinates for staff to place.
    to_be_placed: bool = False
    attributes: dict = field(default_factory=dict)
    reporter: Reporter = field(default_factory=Reporter)
    source: str = Source.WEB
    api_client: Open311Client | None = None


def tracking_code_new() -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"BL-{body[:4]}-{body[4:]}"


def _location_invalid() -> ValidationError:
    return ValidationError(
        _("The location is not a valid latitude and longitude."), code="location"
    )


def coordinates_validate(
    latitude: float | str | None, longitude: float | str | None
) -> tuple[float, float]:
    """Parsed WGS84 coordinates inside the city, or a ValidationError saying what is wrong."""
    if latitude is None or longitude is None:
        raise _location_invalid()
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError) as exc:
        raise _location_invalid() from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or lat != lat or lon != lon:
        raise _location_invalid()
    if not location_of(latitude=lat, longitude=lon).inside_city:
        raise ValidationError(
            _("This place is outside the municipality of Bălți; the city hall cannot act there."),
            code="outside_city",
        )
    return lat, lon


def _number(raw: object) -> float:
    try:
        number = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError(_("“%(question)s” must be a number.")) from exc
    if not number.is_finite():
        raise ValidationError(_("“%(question)s” must be a number."))
    return float(number)


def _datetime(raw: object) -> str:
    try:
        parsed = parse_datetime(str(raw).strip())
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationError(_("“%(question)s” must be a date and time."))
    return parsed.isoformat()


def _choices(attribute: CategoryAttribute, raw: object) -> list[str]:
    allowed = {value.key for value in attribute.values.all()}
    keys = [str(item) for item in (raw if isinstance(raw, list | tuple) else [raw])]
    if any(key not in allowed for key in keys):
        raise ValidationError(_("“%(question)s” has no such choice."))
    return keys


def _attribute_value(attribute: CategoryAttribute, raw: object) -> object:
    datatype = CategoryAttribute.Datatype
    if attribute.datatype == datatype.NUMBER:
        return _number(raw)
    if attribute.datatype == datatype.DATETIME:
        return _datetime(raw)
    if attribute.datatype == datatype.SINGLE_VALUE_LIST:
        keys = _choices(attribute, raw)
        if len(keys) != 1:
            raise ValidationError(_("“%(question)s” takes one choice."))
        return keys[0]
    if attribute.datatype == datatype.MULTI_VALUE_LIST:
        return _choices(attribute, raw)
    text = clean_text(str(raw))
    if len(text) > 1000:
        raise ValidationError(_("“%(question)s” is too long."))
    return text


def attributes_validate(category: ServiceCategory, raw: dict) -> dict:
    """The answers to a category's extra questions, checked and normalised.

    Raises a ValidationError keyed by attribute code; unknown codes are ignored, as
    Open311 clients may send attributes of other cities' definitions.
    """
    cleaned: dict = {}
    errors: dict[str, list[str]] = {}
    for attribute in category.attributes.filter(variable=True).prefetch_related("values"):
        raw_value = raw.get(attribute.code)
        if raw_value in (None, "", []):
            if attribute.required:
                errors[attribute.code] = [
                    _("Please answer “%(question)s”.") % {"question": attribute.description}
                ]
            continue
        try:
            cleaned[attribute.code] = _attribute_value(attribute, raw_value)
        except ValidationError as exc:
            errors[attribute.code] = [
                message % {"question": attribute.description} for message in exc.messages
            ]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _description_validate(description: str) -> str:
    text = clean_text(description or "")
    if len(text) < 5:
        raise ValidationError({"description": [_("Please describe the problem in a few words.")]})
    if len(text) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {"description": [_("The description is too long (at most 4000 characters).")]}
        )
    return text


def request_submit(*, draft: RequestDraft, photos: list | None = None) -> ServiceRequest:
    """Record a new report, routed to its category's department, with its photos.

    Everything is validated before anything is written; the request, its first history
    entry and its photos are stored in one transaction, so a failure leaves nothing.
    Raises ValidationError with messages in the active language.
    """
    category = draft.category
    if not category.is_active:
        raise ValidationError({"category": [_("This category no longer takes reports.")]})
    description = _description_validate(draft.description)
    lat, lon = _draft_point(draft)
    attributes = attributes_validate(category, draft.attributes or {})
    photos = photos or []
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": [_("At most 5 photos can be attached.")]})
    prepared = [photo_processing.photo_prepare(upload) for upload in photos]
    reporter = draft.reporter
    district = None
    if lat is not None and lon is not None:
        district = location_of(latitude=lat, longitude=lon).district
    now = timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                request = ServiceRequest.objects.create(
                    tracking_code=tracking_code_new(),
                    category=category,
                    department=category.department,
                    description=description,
                    address=clean_text(draft.address)[:250],
                    latitude=lat,
                    longitude=lon,
                    district=district,
                    attributes=attributes,
                    email=reporter.email.strip(),
                    first_name=clean_text(reporter.first_name)[:100],
                    last_name=clean_text(reporter.last_name)[:100],
                    phone=clean_text(reporter.phone)[:40],
                    language=reporter.language,
                    source=draft.source,
                    device_id=clean_text(reporter.device_id)[:100],
                    account_id=clean_text(reporter.account_id)[:100],
                    api_client=draft.api_client,
                    requested_at=now,
                    updated_at=now,
                    due_at=now + datetime.timedelta(hours=category.sla_hours),
                    feedback_token=secrets.token_urlsafe(24),
                )
                created = RequestUpdate.objects.create(
                    request=request,
                    kind=RequestUpdate.Kind.CREATED,
                    status=Status.OPEN,
                    created_at=now,
                    api_client=draft.api_client,
                )
                for image in prepared:
                    RequestPhoto.objects.create(request=request, image=image, created_at=now)
                transaction.on_commit(partial(_after_submit, request.pk, created.pk))
                return request
        except IntegrityError:
            # A tracking-code collision (1 in 10^12): draw another one.
            continue
    raise RuntimeError("could not allocate a tracking code")


def _draft_point(draft: RequestDraft) -> tuple[float, float] | tuple[None, None]:
    if not draft.to_be_placed:
        return coordinates_validate(draft.latitude, draft.longitude)
    if not clean_text(draft.address):
        raise ValidationError({"address": [_("A request without a location needs its address.")]})
    return None, None


def _after_submit(request_id: int, created_update_id: int) -> None:
    from smartcity.service_requests import tasks

    # The reporter's confirmation (when they left an e-mail) is the first update's notice.
    tasks.reporter_notify.enqueue(created_update_id)
    tasks.subscribers_notify.enqueue(request_id)


# --- staff actions ---------------------------------------------------------------


def staff_may_change(user, request: ServiceRequest) -> bool:  # noqa: ANN001 - Django user
    """Department staff act on their own department's requests; dispatchers and
    administrators on all of them."""
    staff = staff_member_of(user)
    if staff is None:
        return False
    return staff.sees_all_departments or staff.department_id == request.department_id


def _check_may_change(user, request: ServiceRequest) -> None:  # noqa: ANN001
    if not staff_may_change(user, request):
        raise PermissionDenied(_("This request belongs to another department."))


def _record(
    request: ServiceRequest,
    *,
    kind: str,
    user=None,  # noqa: ANN001
    public_comment: str = "",
    internal_note: str = "",
    by_reporter: bool = False,
    external_id: str = "",
    api_client: Open311Client | None = None,
    notify: bool = True,
) -> RequestUpdate:
    now = timezone.now()
    request.updated_at = now
    request.save()
    update = RequestUpdate.objects.create(
        request=request,
        kind=kind,
        status=request.status,
        closure_reason=request.closure_reason,
        public_comment=clean_text(public_comment),
        internal_note=clean_text(internal_note),
        staff=user if getattr(user, "is_authenticated", False) else None,
        by_reporter=by_reporter,
        external_id=external_id,
        api_client=api_client,
        created_at=now,
    )
    if notify and request.email and not by_reporter:
        from smartcity.service_requests import tasks

        transaction.on_commit(lambda: tasks.reporter_notify.enqueue(update.pk))
    return update


def _apply_status(request: ServiceRequest, status: str, closure_reason: str) -> None:
    if status not in Status.values:
        raise ValidationError({"status": [_("Unknown status.")]})
    if status == Status.CLOSED:
        if closure_reason not in ClosureReason.values:
            raise ValidationError({"closure_reason": [_("Say why the request is closed.")]})
        request.closure_reason = closure_reason
        request.closed_at = timezone.now()
    else:
        request.closure_reason = ""
        request.closed_at = None
        request.fix_check_sent_at = None
    request.status = status


def request_change_status(
    *,
    request: ServiceRequest,
    user,  # noqa: ANN001
    status: str,
    closure_reason: str = "",
    public_comment: str = "",
    internal_note: str = "",
) -> RequestUpdate:
    """Move a request along its workflow; the reporter is told by email if they gave one."""
    _check_may_change(user, request)
    with transaction.atomic():
        request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        _apply_status(request, status, closure_reason)
        return _record(
            request,
            kind=RequestUpdate.Kind.STATUS,
            user=user,
            public_comment=public_comment,
            internal_note=internal_note,
        )


def request_comment(
    *,
    request: ServiceRequest,
    user,
    public_comment: str = "",
    internal_note: str = "",  # noqa: ANN001
) -> RequestUpdate:
    _check_may_change(user, request)
    if not clean_text(public_comment) and not clean_text(internal_note):
        raise ValidationError({"public_comment": [_("Write a comment or a note.")]})
    with transaction.atomic():
        request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        return _record(
            request,
            kind=RequestUpdate.Kind.COMMENT,
            user=user,
            public_comment=public_comment,
            internal_note=internal_note,
            notify=bool(clean_text(public_comment)),
        )


def request_reroute(
    *,
    request: ServiceRequest,
    user,
    category: ServiceCategory,
    public_comment: str = "",  # noqa: ANN001
) -> RequestUpdate:
    """Re-categorise a request; it moves to the new category's department and SLA."""
    _check_may_change(user, request)
    with transaction.atomic():
        request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        request.category = category
        request.department = category.department
        request.due_at = request.requested_at + datetime.timedelta(hours=category.sla_hours)
        request.assigned_to = None
        return _record(
            request,
            kind=RequestUpdate.Kind.REROUTED,
            user=user,
            public_comment=public_comment
            or _("Passed to %(department)s.") % {"department": category.department.name},
            notify=False,
        )


def request_place(
    *,
    request: ServiceRequest,
    user,  # noqa: ANN001 - a Django user
    latitude: float | str,
    longitude: float | str,
) -> RequestUpdate:
    """Put a request on the map (one reported by an address nobody could locate, or
    move one placed wrongly): its point, the district there, and a history entry.
    Raises ValidationError for a point that is not valid or outside the city."""
    _check_may_change(user, request)
    lat, lon = coordinates_validate(latitude, longitude)
    district = location_of(latitude=lat, longitude=lon).district
    with transaction.atomic():
        request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        request.latitude, request.longitude, request.district = lat, lon, district
        note = _("Placed at %(latitude).5f, %(longitude).5f.") % {
            "latitude": lat,
            "longitude": lon,
        }
        if district is not None:
            note += " " + _("District: %(district)s.") % {"district": district.name}
        from smartcity.service_requests import tasks

        # Subscribers to the area hear of it now that it has one (once, as for any other).
        transaction.on_commit(lambda: tasks.subscribers_notify.enqueue(request.pk))
        return _record(
            request, kind=RequestUpdate.Kind.PLACED, user=user, internal_note=note, notify=False
        )


def request_assign(*, request: ServiceRequest, user, assignee) -> RequestUpdate:  # noqa: ANN001
    """Give a request to one staff member of its department (or take it back: None)."""
    _check_may_change(user, request)
    if assignee is not None:
        staff = staff_member_of(assignee)
        if staff is None or not (
            staff.sees_all_departments or staff.department_id == request.department_id
        ):
            raise ValidationError(
                {"assignee": [_("Requests can only be assigned to staff of their department.")]}
            )
    with transaction.atomic():
        request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        request.assigned_to = assignee
        return _record(
            request,
            kind=RequestUpdate.Kind.ASSIGNED,
            user=user,
            internal_note=(
                _("Assigned to %(name)s.")
                % {"name": assignee.get_full_name() or assignee.get_username()}
                if assignee
                else _("Unassigned.")
            ),
            notify=False,
        )


def request_merge(
    *,
    duplicate: ServiceRequest,
    original: ServiceRequest,
    user,  # noqa: ANN001
) -> RequestUpdate:
    """Close a request as a duplicate of another; its reporter is told where to follow."""
    _check_may_change(user, duplicate)
    if duplicate.pk == original.pk or original.duplicate_of_id == duplicate.pk:
        raise ValidationError(_("A request cannot be a duplicate of itself."))
    with transaction.atomic():
        duplicate = ServiceRequest.objects.select_for_update().get(pk=duplicate.pk)
        # Follow a chain of merges to its root so duplicates never point at duplicates.
        while original.duplicate_of is not None:
            original = original.duplicate_of
        duplicate.duplicate_of = original
        _apply_status(duplicate, Status.CLOSED, ClosureReason.DUPLICATE)
        ServiceRequest.objects.filter(duplicate_of=duplicate).update(duplicate_of=original)
        return _record(
            duplicate,
            kind=RequestUpdate.Kind.MERGED,
            user=user,
            public_comment=_("The same problem was already reported as %(code)s.")
            % {"code": original.tracking_code},
        )


def request_set_hidden(*, request: ServiceRequest, user, hidden: bool) -> RequestUpdate:  # noqa: ANN001
    """Hide a request from the public (abusive or personal content) or show it again."""
    _check_may_change(user, request)
    with transaction.atomic():
        request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        request.is_hidden = hidden
        return _record(
            request,
            kind=RequestUpdate.Kind.COMMENT,
            user=user,
            notify=False,
            internal_note=_("Hidden from the public.") if hidden else _("Shown to the public."),
        )


def requests_bulk_change_status(
    *,
    requests: list[ServiceRequest],
    user,
    status: str,
    closure_reason: str = "",  # noqa: ANN001
    public_comment: str = "",
) -> int:
    """Change several requests at once; all or none (a refused one stops the batch)."""
    with transaction.atomic():
        for request in requests:
            request_change_status(
                request=request,
                user=user,
                status=status,
                closure_reason=closure_reason,
                public_comment=public_comment,
            )
    return len(requests)


def requests_bulk_assign(
    *,
    requests: list[ServiceRequest],
    user,  # noqa: ANN001
    assignee,  # noqa: ANN001
) -> int:
    """Give several requests to one staff member (or None: unassign); all or none, as
    each request is checked like `request_assign` and a refusal stops the batch."""
    with transaction.atomic():
        for request in requests:
            request_assign(request=request, user=user, assignee=assignee)
    return len(requests)


# --- the reporter's side ---------------------------------------------------------


def _check_feedback_token(request: ServiceRequest, token: str) -> None:
    """Only the reporter has the token: it came in their emails."""
    if not secrets.compare_digest(token or "", request.feedback_token):
        raise PermissionDenied(_("This link is not valid for this request."))


def request_reopen_by_reporter(
    *, request: ServiceRequest, token: str, comment: str
) -> RequestUpdate:
    """The reporter says a closed request is not fixed: it opens again."""
    _check_feedback_token(request, token)
    with transaction.atomic():
        request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != Status.CLOSED:
            raise ValidationError(_("This request is not closed."))
        _apply_status(request, Status.OPEN, "")
        request.due_at = timezone.now() + datetime.timedelta(hours=request.category.sla_hours)
        return _record(
            request,
            kind=RequestUpdate.Kind.REOPENED,
            public_comment=comment or _("The reporter says the problem is not fixed."),
            by_reporter=True,
        )


def request_confirm_fixed(*, request: ServiceRequest, token: str) -> RequestUpdate:
    _check_feedback_token(request, token)
    with transaction.atomic():
        request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        return _record(
            request,
            kind=RequestUpdate.Kind.FEEDBACK,
            public_comment=_("The reporter confirmed the problem is fixed."),
            by_reporter=True,
        )


# --- integrators -----------------------------------------------------------------


def open311_client_set_key(*, name: str, key: str | None = None) -> tuple[Open311Client, str]:
    """Create the named Open311 client, or give it a new key; returns the key in clear.

    Only the key's hash is stored, so the clear key is shown this once.
    """
    key = key or secrets.token_urlsafe(24)
    with transaction.atomic():
        client, _created = Open311Client.objects.update_or_create(
            name=name,
            defaults={
                "key_hash": Open311Client.hash_key(key),
                "key_prefix": key[:8],
                "is_active": True,
            },
        )
    return client, key


REPEAT_WINDOW = datetime.timedelta(minutes=10)


def request_submit_once(*, draft: RequestDraft, photos: list | None = None) -> ServiceRequest:
    """Like `request_submit`, but a client re-sending the same report gets the first one.

    Clients retry on timeouts; a report identical in client, category, text and point
    within ten minutes is the same report, not a second problem.
    """
    since = timezone.now() - REPEAT_WINDOW
    repeat = (
        ServiceRequest.objects.filter(
            api_client=draft.api_client,
            category=draft.category,
            description=clean_text(draft.description or ""),
            requested_at__gte=since,
        )
        .order_by("requested_at")
        .first()
    )
    if repeat is not None and _at_same_point(repeat, draft):
        return repeat
    return request_submit(draft=draft, photos=photos)


def _at_same_point(request: ServiceRequest, draft: RequestDraft) -> bool:
    if draft.to_be_placed or request.latitude is None or request.longitude is None:
        # Neither has a point: the same address is the same place.
        return (
            draft.to_be_placed
            and not request.is_located
            and request.address == clean_text(draft.address)[:250]
        )
    if draft.latitude is None or draft.longitude is None:
        return False
    try:
        return (
            abs(request.latitude - float(draft.latitude)) < 1e-6
            and abs(request.longitude - float(draft.longitude)) < 1e-6
        )
    except (TypeError, ValueError):
        return False


def request_update_from_client(
    *,
    request: ServiceRequest,
    client: Open311Client,
    update_id: str,
    status: str,
    closure_reason: str = "",
    comment: str = "",
) -> tuple[RequestUpdate, bool]:
    """Record an update an Open311 client sends; returns (update, created).

    Idempotent on the client's update_id: the same id again returns the first update and
    changes nothing.
    """
    update_id = clean_text(update_id)[:100]
    if not update_id:
        raise ValidationError({"update_id": [_("update_id is required.")]})
    existing = RequestUpdate.objects.filter(api_client=client, external_id=update_id).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
            changed = status != request.status or (
                status == Status.CLOSED and closure_reason != request.closure_reason
            )
            if changed:
                _apply_status(request, status, closure_reason)
            return _record(
                request,
                kind=RequestUpdate.Kind.STATUS if changed else RequestUpdate.Kind.COMMENT,
                public_comment=comment,
                external_id=update_id,
                api_client=client,
            ), True
    except IntegrityError:
        # The same update_id arrived twice at once: the other request stored it.
        return RequestUpdate.objects.get(api_client=client, external_id=update_id), False


# --- area subscriptions ----------------------------------------------------------


def subscription_create(
    *,
    email: str,
    language: str,
    district=None,
    latitude: float | None = None,  # noqa: ANN001
    longitude: float | None = None,
    radius_m: int | None = None,
    category: ServiceCategory | None = None,
) -> AreaSubscription:
    """Register a wish for area alerts and email the link that confirms it.

    Nothing is sent to the address until its owner follows the link.
    """
    if district is None:
        coordinates_validate(latitude, longitude)
    with transaction.atomic():
        subscription = AreaSubscription.objects.create(
            email=email.strip(),
            language=language,
            district=district,
            latitude=None if district else latitude,
            longitude=None if district else longitude,
            radius_m=None if district else radius_m,
            category=category,
            token=secrets.token_urlsafe(32),
            created_at=timezone.now(),
        )
        transaction.on_commit(
            lambda: notifications.subscription_confirmation_send(subscription_id=subscription.pk)
        )
    return subscription


def subscription_confirm(*, token: str) -> AreaSubscription | None:
    subscription = AreaSubscription.objects.filter(token=token).first()
    if subscription is not None and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def categories_save(*, categories: list[Category]) -> None:
    """Create or update each category, its questions and their values from checked files
    (`category_files.categories_read`), by code: running it twice changes nothing. What
    the files no longer name stays, since reports point at it; staff retire it in the admin.
    Runs in the caller's transaction when there is one."""
    departments = {d.slug: d for d in Department.objects.all()}
    with transaction.atomic():
        for entry in categories:
            defaults = {k: v for k, v in entry.fields.items() if k != "code"}
            category, _created = ServiceCategory.objects.update_or_create(
                code=entry.code, defaults=defaults | {"department": departments[entry.department]}
            )
            for order, question in enumerate(entry.questions):
                defaults = {k: v for k, v in question.fields.items() if k != "code"}
                attribute, _created = CategoryAttribute.objects.update_or_create(
                    category=category, code=question.code, defaults=defaults | {"order": order}
                )
                for key, fields in question.values:
                    AttributeValue.objects.update_or_create(
                        attribute=attribute, key=key, defaults=fields
                    )
