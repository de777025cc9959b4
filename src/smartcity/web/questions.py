"""Extra questions on a form, as staff design them: the report categories' attributes
and the public services' questions share these types, fields and choice lists.

A question has a type (`QuestionDatatype`), a label, a hint, whether it is required and,
for the list types, allowed choices typed one per line as `key|Romanian|Russian|English`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypedDict

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from smartcity.service_requests.text import clean_text

_KEY = re.compile(r"^[A-Za-z0-9_.-]{1,60}$")
NAME_MAX_LENGTH = 150


class QuestionDatatype(models.TextChoices):
    # Open311's attribute datatypes, which the categories expose on the wire.
    STRING = "string", gettext_lazy("short text")
    NUMBER = "number", gettext_lazy("number")
    DATETIME = "datetime", gettext_lazy("date and time")
    TEXT = "text", gettext_lazy("long text")
    SINGLE_VALUE_LIST = "singlevaluelist", gettext_lazy("one choice from a list")
    MULTI_VALUE_LIST = "multivaluelist", gettext_lazy("several choices from a list")


LIST_DATATYPES = (QuestionDatatype.SINGLE_VALUE_LIST, QuestionDatatype.MULTI_VALUE_LIST)


class FormQuestion(models.Model):
    """The fields every designed question has; a concrete model adds what it belongs to."""

    code = models.SlugField(gettext_lazy("code"), max_length=60)
    description = models.CharField(gettext_lazy("question"), max_length=200)
    datatype = models.CharField(
        gettext_lazy("type"), max_length=20, choices=QuestionDatatype.choices
    )
    datatype_description = models.CharField(gettext_lazy("hint"), max_length=200, blank=True)
    required = models.BooleanField(gettext_lazy("required"), default=False)
    order = models.PositiveSmallIntegerField(gettext_lazy("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]


@dataclass(frozen=True)
class ValueDraft:
    key: str
    name_ro: str
    name_ru: str = ""
    name_en: str = ""

    def name(self) -> str:
        """The name in the active language, falling back ro → ru → en as content does."""
        language = (get_language() or "ro")[:2]
        own = {"ro": self.name_ro, "ru": self.name_ru, "en": self.name_en}.get(language)
        return own or self.name_ro or self.name_ru or self.name_en


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


def question_values_parse(text: str) -> list[ValueDraft]:
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


def question_choices_check(datatype: str, values: list[ValueDraft]) -> list[str]:
    """What is wrong with these choices for a question of this type (nothing: [])."""
    is_list = datatype in LIST_DATATYPES
    if is_list and not values:
        return [_("A question with a list of choices needs at least one choice.")]
    if not is_list and values:
        return [_("Only questions with a list of choices take choices.")]
    return []


class _CommonArguments(TypedDict):
    label: str
    required: bool
    help_text: str


def question_field(
    *,
    datatype: str,
    label: str,
    required: bool,
    help_text: str = "",
    choices: list[tuple[str, str]] | None = None,
) -> forms.Field:
    """A form field for one extra question; the owning service validates it again."""
    common: _CommonArguments = {"label": label, "required": required, "help_text": help_text}
    choices = choices or []
    if datatype == QuestionDatatype.SINGLE_VALUE_LIST:
        return forms.ChoiceField(choices=[("", "—"), *choices], **common)
    if datatype == QuestionDatatype.MULTI_VALUE_LIST:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if datatype == QuestionDatatype.NUMBER:
        return forms.DecimalField(**common)
    if datatype == QuestionDatatype.DATETIME:
        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **common
        )
    if datatype == QuestionDatatype.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, **common)
    return forms.CharField(max_length=200, **common)
