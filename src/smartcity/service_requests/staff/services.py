"""Writes of the back office beyond single requests: editing the categories."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smartcity.city.models import StaffMember
from smartcity.city.selectors import staff_member_of
from smartcity.service_requests.models import AttributeValue, CategoryAttribute, ServiceCategory
from smartcity.web.questions import ValueDraft, question_choices_check, question_values_parse


@dataclass
class AttributeDraft:
    """One extra question as edited: the attribute with the form's values applied (not
    yet saved), its allowed values as typed, and whether it is to be removed."""

    attribute: CategoryAttribute
    values_text: str = ""
    delete: bool = False


# The choices' parser is shared with the public services' questions.
attribute_values_parse = question_values_parse


def attribute_error_key(index: int) -> str:
    """The key under which `category_save` reports errors of the index-th attribute."""
    return f"attribute-{index}"


def _attributes_validate(drafts: list[AttributeDraft]) -> dict[int, list[ValueDraft]]:
    parsed: dict[int, list[ValueDraft]] = {}
    errors: dict[str, list[str]] = {}
    codes: set[str] = set()
    for index, draft in enumerate(drafts):
        if draft.delete:
            continue
        messages: list[str] = []
        try:
            parsed[index] = attribute_values_parse(draft.values_text)
        except ValidationError as exc:
            messages.extend(exc.messages)
            parsed[index] = []
        if not messages:
            messages.extend(question_choices_check(draft.attribute.datatype, parsed[index]))
        if draft.attribute.code in codes:
            messages.append(
                _("Two questions have the code “%(code)s”.") % {"code": draft.attribute.code}
            )
        codes.add(draft.attribute.code)
        if messages:
            errors[attribute_error_key(index)] = messages
    if errors:
        raise ValidationError(errors)
    return parsed


def _values_store(attribute: CategoryAttribute, values: list[ValueDraft]) -> None:
    existing = {value.key: value for value in attribute.values.all()}
    keep = {value.key for value in values}
    attribute.values.exclude(key__in=keep).delete()
    for order, draft in enumerate(values):
        value = existing.get(draft.key) or AttributeValue(attribute=attribute, key=draft.key)
        value.name_ro = draft.name_ro
        value.name_ru = draft.name_ru
        value.name_en = draft.name_en
        value.order = order
        value.save()


def category_save(
    *,
    user,  # noqa: ANN001 - Django user
    category: ServiceCategory,
    attributes: list[AttributeDraft],
) -> ServiceCategory:
    """Store a category (new or edited) with its extra questions and their choices.

    Only administrators may; everything is validated before anything is written and all
    is stored in one transaction. Raises PermissionDenied, or ValidationError keyed by
    `attribute_error_key(index)` for the questions' problems.
    """
    staff = staff_member_of(user)
    if staff is None or staff.role != StaffMember.Role.ADMINISTRATOR:
        raise PermissionDenied(_("Only administrators can edit categories."))
    parsed = _attributes_validate(attributes)
    with transaction.atomic():
        category.save()
        # Removals first, so a question can be removed and its code reused in one edit.
        for draft in attributes:
            if draft.delete and draft.attribute.pk:
                draft.attribute.delete()
        for index, draft in enumerate(attributes):
            if draft.delete:
                continue
            draft.attribute.category = category
            draft.attribute.save()
            _values_store(draft.attribute, parsed[index])
    return category
