"""Writes of the back office beyond single requests: editing the categories."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smartcity.city.models import StaffMember
from smartcity.city.selectors import staff_member_of
from smartcity.service_requests.models import AttributeValue, CategoryAttribute, ServiceCategory
from smartcity.service_requests.text import clean_text

LIST_DATATYPES = (
    CategoryAttribute.Datatype.SINGLE_VALUE_LIST,
    CategoryAttribute.Datatype.MULTI_VALUE_LIST,
)
_KEY = re.compile(r"^[A-Za-z0-9_.-]{1,60}$")
NAME_MAX_LENGTH = 150


@dataclass(frozen=True)
class ValueDraft:
    key: str
    name_ro: str
    name_ru: str = ""
    name_en: str = ""


@dataclass
class AttributeDraft:
    """One extra question as edited: the attribute with the form's values applied (not
    yet saved), its allowed values as typed, and whether it is to be removed."""

    attribute: CategoryAttribute
    values_text: str = ""
    delete: bool = False


def _value_line_parse(number: int, line: str) -> ValueDraft:
    parts = [clean_text(part) for part in line.split("|")]
    if len(parts) < 2 or len(parts) > 4:
        raise ValidationError(
            _("Line %(number)s: write key|Romanian name|Russian name|English name.")
            % {"number": number}
        )
    parts += [""] * (4 - len(parts))
    key, name_ro, name_ru, name_en = parts
    if not _KEY.match(key):
        raise ValidationError(
            _(
                "Line %(number)s: the key “%(key)s” may only hold Latin letters, digits, "
                "“-”, “_” and “.” (at most 60)."
            )
            % {"number": number, "key": key}
        )
    if not name_ro:
        raise ValidationError(
            _("Line %(number)s: the Romanian name is missing.") % {"number": number}
        )
    if max(len(name_ro), len(name_ru), len(name_en)) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("Line %(number)s: a name is longer than 150 characters.") % {"number": number}
        )
    return ValueDraft(key=key, name_ro=name_ro, name_ru=name_ru, name_en=name_en)


def attribute_values_parse(text: str) -> list[ValueDraft]:
    """The allowed values typed one per line as `key|Romanian|Russian|English` (the
    Russian and English names may be left out); blank lines are skipped.

    Raises a ValidationError listing every bad line by its number.
    """
    values: list[ValueDraft] = []
    errors: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = _value_line_parse(number, line)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        if value.key in seen:
            errors.append(
                _("Line %(number)s: the key “%(key)s” is used twice.")
                % {"number": number, "key": value.key}
            )
        seen.add(value.key)
        values.append(value)
    if errors:
        raise ValidationError(errors)
    return values


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
        is_list = draft.attribute.datatype in LIST_DATATYPES
        if is_list and not parsed[index] and not messages:
            messages.append(_("A question with a list of choices needs at least one choice."))
        if not is_list and parsed[index]:
            messages.append(_("Only questions with a list of choices take choices."))
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
