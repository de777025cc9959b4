"""categories.json of a city's files (docs/city-files.md): read and checked, nothing written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from smartcity.city.files import Problems, json_read, model_check, translations
from smartcity.service_requests.models import AttributeValue, CategoryAttribute, ServiceCategory

CATEGORIES = "categories.json"
LISTS = (CategoryAttribute.Datatype.SINGLE_VALUE_LIST, CategoryAttribute.Datatype.MULTI_VALUE_LIST)


@dataclass(frozen=True)
class Question:
    code: str
    fields: dict[str, Any]
    values: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@dataclass(frozen=True)
class Category:
    code: str
    department: str
    fields: dict[str, Any]
    questions: list[Question] = field(default_factory=list)


def categories_read(directory: Path, problems: Problems, departments: Iterable[str]) -> list:
    """The categories in file order (their order on the report form), each department
    slug one of `departments`; problems go to `problems`."""
    data = json_read(directory, CATEGORIES, problems)
    if data is None:
        return []
    if not isinstance(data, list):
        problems.add(CATEGORIES, None, _("must be a JSON list of categories"))
        return []
    known, seen, categories = set(departments), set(), []
    for number, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            problems.add(CATEGORIES, str(number), _("must be a JSON object"))
            continue
        category = _category_read(dict(entry), number, problems, known)
        if category.code in seen:
            problems.add(CATEGORIES, category.code, _("the code is used twice"))
        seen.add(category.code)
        categories.append(category)
    return categories


def _category_read(values: dict, number: int, problems: Problems, known: set) -> Category:
    label = values.get("code") or _("entry %(number)s") % {"number": number}
    department = values.pop("department", None)
    if department not in known:
        problems.add(
            CATEGORIES,
            label,
            _("unknown department “%(slug)s” (not in departments.json)") % {"slug": department},
        )
    questions = values.pop("questions", [])
    texts = translations(values, "name", problems, CATEGORIES, label)
    texts |= translations(values, "group", problems, CATEGORIES, label, required=False)
    texts |= translations(values, "description", problems, CATEGORIES, label, required=False)
    fields = model_check(
        ServiceCategory, values | texts, problems, CATEGORIES, label, exclude=["department"]
    )
    fields["order"] = number - 1
    if not isinstance(questions, list):
        problems.add(CATEGORIES, label, _("“questions” must be a list"))
        questions = []
    read = [_question_read(q, f"{label}/{n}", problems) for n, q in enumerate(questions, 1)]
    codes = [q.code for q in read]
    if len(set(codes)) != len(codes):
        problems.add(CATEGORIES, label, _("a question code is used twice"))
    return Category(
        code=values.get("code", ""), department=department, fields=fields, questions=read
    )


def _question_read(entry: Any, label: str, problems: Problems) -> Question:
    if not isinstance(entry, dict):
        problems.add(CATEGORIES, label, _("must be a JSON object"))
        return Question(code="", fields={})
    values = dict(entry)
    label = f"{label.rsplit('/', 1)[0]}/{values.get('code') or label.rsplit('/', 1)[1]}"
    choices = values.pop("values", [])
    texts = translations(values, "question", problems, CATEGORIES, label)
    texts |= translations(values, "hint", problems, CATEGORIES, label, required=False)
    renamed = {
        k.replace("question", "description").replace("hint", "datatype_description"): v
        for k, v in texts.items()
    }
    fields = model_check(
        CategoryAttribute, values | renamed, problems, CATEGORIES, label, exclude=["category"]
    )
    is_list = values.get("datatype") in LISTS
    if is_list and not choices:
        problems.add(CATEGORIES, label, _("a list question needs its “values”"))
    if choices and not is_list:
        problems.add(CATEGORIES, label, _("only a list question has “values”"))
    return Question(
        code=values.get("code", ""), fields=fields, values=_values_read(choices, label, problems)
    )


def _values_read(choices: Any, label: str, problems: Problems) -> list:
    if not isinstance(choices, list):
        problems.add(CATEGORIES, label, _("“values” must be a list"))
        return []
    read, keys = [], set()
    for order, choice in enumerate(choices):
        if not isinstance(choice, dict):
            problems.add(CATEGORIES, label, _("each value must be a JSON object"))
            continue
        values = dict(choice)
        key = values.get("key")
        where = f"{label}/{key}"
        if key in keys:
            problems.add(CATEGORIES, where, _("the key is used twice"))
        keys.add(key)
        texts = translations(values, "name", problems, CATEGORIES, where)
        fields = model_check(
            AttributeValue, values | texts, problems, CATEGORIES, where, exclude=["attribute"]
        )
        fields.pop("key", None)
        read.append((key, fields | {"order": order}))
    return read
