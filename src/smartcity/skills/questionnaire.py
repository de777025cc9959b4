"""A survey as the respondent meets it: each question with its choices resolved (its own
options, or the occupations or skills), the rule that shows it, and the checking of one
answer against its type, range and choices."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from smartcity.skills.models import Occupation, Question, Section, Skill, Survey

TEXT_MAX = 2000


@dataclass
class Item:
    """A question ready to show and check: `choices` are its options (single, multiple)
    or a matrix's columns; `rows` are a matrix's rows."""

    question: Question
    choices: list[tuple[str, str]]
    rows: list[tuple[str, str]] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.question.code

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def scale(self) -> list[int]:
        q = self.question
        if q.kind != Question.Kind.SCALE or q.min_value is None or q.max_value is None:
            return []
        return list(range(q.min_value, q.max_value + 1))

    @property
    def condition(self) -> tuple[str, list[str]] | None:
        q = self.question
        if q.show_if_question is None:
            return None
        return q.show_if_question.code, [str(v) for v in q.show_if_values]


@dataclass
class Structure:
    survey: Survey
    sections: list[tuple[Section, list[Item]]]

    def items(self) -> list[Item]:
        return [item for _section, items in self.sections for item in items]

    def by_code(self) -> dict[str, Item]:
        return {item.code: item for item in self.items()}


def structure_of(survey: Survey) -> Structure:
    """The survey's sections and questions in order, with their choices resolved."""
    sources: dict[str, list[tuple[str, str]]] = {
        Question.Source.OCCUPATIONS: [
            (o.code, f"{o.code} {o.title}") for o in Occupation.objects.all()
        ],
        Question.Source.SKILLS: [(s.code, s.label) for s in Skill.objects.all()],
    }
    sections = []
    questions = (
        Question.objects.filter(section__survey=survey)
        .select_related("section", "show_if_question")
        .prefetch_related("options")
    )
    by_section: dict[int, list[Item]] = {}
    for q in questions:
        own = [(o.code, o.label) for o in q.options.all()]
        if q.kind == Question.Kind.MATRIX:
            item = Item(q, own, sources.get(q.source, []))
        else:
            item = Item(q, sources.get(q.source, own) if q.source else own)
        by_section.setdefault(q.section_id, []).append(item)
    for section in survey.sections.all():
        sections.append((section, by_section.get(section.pk, [])))
    return Structure(survey, sections)


def is_shown(item: Item, answers: dict[str, object]) -> bool:
    """Whether a question is asked, given the answers so far: a question with a condition
    is asked when the answer it depends on is (or, for a multiple choice, includes) one
    of the listed codes."""
    condition = item.condition
    if condition is None:
        return True
    code, values = condition
    answer = answers.get(code)
    if isinstance(answer, list):
        return any(str(a) in values for a in answer)
    return answer is not None and str(answer) in values


def _number(raw: str, item: Item) -> int:
    try:
        number = Decimal(raw.strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Enter a whole number.")) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValidationError(_("Enter a whole number."))
    value = int(number)
    low, high = item.question.min_value, item.question.max_value
    if low is not None and value < low:
        raise ValidationError(_("Enter a number of at least %(low)s.") % {"low": low})
    if high is not None and value > high:
        raise ValidationError(_("Enter a number of at most %(high)s.") % {"high": high})
    return value


def answer_clean(item: Item, raw: object) -> object | None:
    """The answer as stored, or None when empty; ValidationError (translated) when it
    does not fit the question. `raw` is a string, a list of strings, or for a matrix a
    dict from row code to a string."""
    kind = item.kind
    if kind in (Question.Kind.SINGLE, Question.Kind.SCALE, Question.Kind.MULTIPLE):
        return _choice_clean(item, raw)
    if kind == Question.Kind.NUMBER:
        value = str(raw or "").strip()
        return _number(value, item) if value else None
    if kind == Question.Kind.TEXT:
        value = str(raw or "").strip()
        if len(value) > TEXT_MAX:
            raise ValidationError(_("Write at most %(count)s characters.") % {"count": TEXT_MAX})
        return value or None
    return _matrix_clean(item, raw if isinstance(raw, dict) else {})


def _choice_clean(item: Item, raw: object) -> object | None:
    codes = [code for code, _label in item.choices]
    if item.kind == Question.Kind.MULTIPLE:
        values = [str(v) for v in (raw if isinstance(raw, list) else [raw]) if v]
        if any(v not in codes for v in values):
            raise ValidationError(_("Choose among the options shown."))
        return sorted(set(values), key=codes.index) or None
    value = str(raw or "").strip()
    if not value:
        return None
    if item.kind == Question.Kind.SCALE:
        if value not in {str(v) for v in item.scale}:
            raise ValidationError(_("Choose a value on the scale."))
        return int(value)
    if value not in codes:
        raise ValidationError(_("Choose one of the options shown."))
    return value


def _matrix_clean(item: Item, raw: dict) -> dict | None:
    rows = {code for code, _label in item.rows}
    columns = {code for code, _label in item.choices}
    cleaned: dict = {}
    for key, cell in raw.items():
        if item.question.cells == Question.Cells.NUMBER:
            row, _sep, column = key.partition(":")
            if row not in rows or column not in columns:
                raise ValidationError(_("This table has no such cell."))
            text = str(cell or "").strip()
            if text:
                number = _number(text, item)
                cleaned.setdefault(row, {})[column] = number
        else:
            if key not in rows:
                raise ValidationError(_("This table has no such row."))
            text = str(cell or "").strip()
            if text:
                if text not in columns:
                    raise ValidationError(_("Choose one of the options shown."))
                cleaned[key] = text
    return cleaned or None


def as_typed(item: Item, raw: object) -> object:
    """A raw answer in the shape of a stored one, to show it again as it was typed."""
    if item.kind != Question.Kind.MATRIX or item.question.cells != Question.Cells.NUMBER:
        return raw
    nested: dict = {}
    for key, cell in (raw if isinstance(raw, dict) else {}).items():
        row, _sep, column = key.partition(":")
        nested.setdefault(row, {})[column] = cell
    return nested


def raw_from_post(item: Item, data) -> object:  # noqa: ANN001 - a QueryDict
    """The raw answer to one question from a form post (fields named `q-<code>`, and
    `q-<code>-<row>` or `q-<code>-<row>:<column>` for a matrix)."""
    name = f"q-{item.code}"
    if item.kind == Question.Kind.MULTIPLE:
        return data.getlist(name)
    if item.kind == Question.Kind.MATRIX:
        prefix = name + "-"
        return {key[len(prefix) :]: data.get(key) for key in data if key.startswith(prefix)}
    return data.get(name, "")


def answers_missing(structure: Structure, answers: dict[str, object]) -> list[Item]:
    """The required questions that are asked and still unanswered."""
    return [
        item
        for item in structure.items()
        if item.question.required and is_shown(item, answers) and answers.get(item.code) is None
    ]
