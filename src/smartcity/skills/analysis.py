"""The study's results: demand by occupation and skill, skill gaps, the hiring forecast
and the breakdown by sector — aggregated, size-weighted, with small groups suppressed.

Disclosure control: the answers of one enterprise are never shown. A figure is published
only when at least MIN_GROUP enterprises make it up (a count of 1 or 2 is suppressed; 0
is shown); in a table with a total, a single suppressed row would be found by subtraction,
so the next smallest row is suppressed with it. With fewer than MIN_GROUP submitted
responses nothing of the round is published, and nothing of a round still open: results
that changed with each submission would show, by difference, what one enterprise answered
(the study team may look at them live).

Weights: a share of enterprises is weighted by the size class they report, with a
typical headcount per class (micro 5, small 30, medium 150, large 500), so that a large
employer's needs count as much as the many people it employs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from smartcity.skills.models import Answer, Occupation, Option, Skill, StudyRound

MIN_GROUP = 3
SIZE_WEIGHTS = {"micro": 5, "small": 30, "medium": 150, "large": 500}
STAFF_COLUMNS = ("current", "vacant", "hire_1y", "hire_3y")
ANALYSED = (
    "sector",
    "size",
    "staff",
    "hard_to_fill",
    "skills_staff",
    "skills_graduates",
    "training_forms",
    "cooperates",
    "cooperation_interest",
)


@dataclass
class Share:
    """A size-weighted share (0–1) of the enterprises answering, from `count` of them."""

    value: float | None
    count: int
    suppressed: bool = False

    @property
    def percent(self) -> float | None:
        return None if self.value is None else round(self.value * 100, 1)


@dataclass
class Row:
    code: str
    label: str
    enterprises: int
    values: dict[str, int | None] = field(default_factory=dict)
    shares: dict[str, Share] = field(default_factory=dict)
    suppressed: bool = False


@dataclass
class Results:
    round: StudyRound
    invited: int
    respondents: int
    published: bool
    occupations: list[Row] = field(default_factory=list)
    skills: list[Row] = field(default_factory=list)
    sectors: list[Row] = field(default_factory=list)
    training: list[Row] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    cooperating: Share | None = None
    interest: float | None = None
    min_group: int = MIN_GROUP
    waiting: bool = False  # open: published when it closes


def _share(weight: float, count: int, total_weight: float) -> Share:
    if 0 < count < MIN_GROUP:
        return Share(None, count, suppressed=True)
    return Share(weight / total_weight if total_weight else 0.0, count)


def _suppress_rows(rows: list[Row]) -> None:
    """Suppress rows made up by 1 or 2 enterprises, and one more if only one is."""
    for row in rows:
        if 0 < row.enterprises < MIN_GROUP:
            row.suppressed = True
    hidden = [row for row in rows if row.suppressed]
    if len(hidden) == 1:
        others = [row for row in rows if not row.suppressed and row.enterprises > 0]
        if others:
            min(others, key=lambda row: (row.enterprises, row.code)).suppressed = True
    for row in rows:
        if row.suppressed:
            row.values = dict.fromkeys(row.values)
            row.shares = {k: Share(None, 0, suppressed=True) for k in row.shares}


def _answers(study_round: StudyRound) -> dict[int, dict[str, Any]]:
    by_response: dict[int, dict[str, Any]] = defaultdict(dict)
    rows = Answer.objects.filter(
        response__invitation__round=study_round,
        response__submitted_at__isnull=False,
        question__code__in=ANALYSED,
    ).values_list("response_id", "question__code", "value")
    for response_id, code, value in rows.iterator(chunk_size=5000):
        by_response[response_id][code] = value
    return by_response


def results_of(study_round: StudyRound, *, live: bool = False) -> Results:
    """The published results of a round (see the module's rules); `live` for the study
    team, to see a round still open."""
    counts = study_round.invitations.aggregate(
        invited=Count("pk"), submitted=Count("pk", filter=Q(response__submitted_at__isnull=False))
    )
    waiting = not live and study_round.closes_at > timezone.now()
    results = Results(
        study_round,
        counts["invited"],
        counts["submitted"],
        counts["submitted"] >= MIN_GROUP and not waiting,
        waiting=waiting,
    )
    if not results.published:
        return results
    answers = list(_answers(study_round).values())
    weights = [SIZE_WEIGHTS.get(str(a.get("size")), SIZE_WEIGHTS["micro"]) for a in answers]
    results.occupations = _occupations(answers, weights)
    results.skills = _skills(answers, weights)
    results.sectors = _sectors(study_round, answers)
    results.training = _options_share(study_round, "training_forms", answers, weights)
    for column in STAFF_COLUMNS:
        results.totals[column] = sum(
            sum((cells or {}).get(column, 0) for cells in (a.get("staff") or {}).values())
            for a in answers
        )
    asked = [
        (w, a["cooperates"]) for w, a in zip(weights, answers, strict=True) if "cooperates" in a
    ]
    yes = [w for w, value in asked if value == "yes"]
    results.cooperating = _share(sum(yes), len(yes), sum(w for w, _v in asked))
    interest = [a["cooperation_interest"] for a in answers if "cooperation_interest" in a]
    results.interest = round(sum(interest) / len(interest), 2) if interest else None
    return results


def _occupations(answers: list[dict[str, Any]], weights: list[int]) -> list[Row]:
    total_weight = sum(weights)
    rows = []
    for occupation in Occupation.objects.all():
        values: dict[str, int | None] = dict.fromkeys(STAFF_COLUMNS, 0)
        enterprises = hard_count = 0
        hard_weight = 0.0
        for weight, answer in zip(weights, answers, strict=True):
            cells = (answer.get("staff") or {}).get(occupation.code)
            if cells:
                enterprises += 1
                for column in STAFF_COLUMNS:
                    values[column] += cells.get(column, 0)
            if occupation.code in (answer.get("hard_to_fill") or []):
                hard_count += 1
                hard_weight += weight
        rows.append(
            Row(
                occupation.code,
                occupation.title,
                enterprises,
                values,
                {"hard_to_fill": _share(hard_weight, hard_count, total_weight)},
            )
        )
    _suppress_rows(rows)
    return rows


def _skills(answers: list[dict[str, Any]], weights: list[int]) -> list[Row]:
    rows = []
    asked = [(w, a.get("skills_staff") or {}) for w, a in zip(weights, answers, strict=True)]
    asked_weight = sum(w for w, matrix in asked if matrix)
    graduates = [
        (w, set(a.get("skills_graduates") or [])) for w, a in zip(weights, answers, strict=True)
    ]
    total_weight = sum(weights)
    for skill in Skill.objects.all():
        needed = [
            (w, m[skill.code]) for w, m in asked if m.get(skill.code) in ("sufficient", "lacking")
        ]
        lacking = [w for w, state in needed if state == "lacking"]
        grads = [w for w, codes in graduates if skill.code in codes]
        need_weight = sum(w for w, _s in needed)
        rows.append(
            Row(
                skill.code,
                skill.label,
                len(needed),
                shares={
                    "needed": _share(need_weight, len(needed), asked_weight),
                    # the gap: of the weight of enterprises needing it, the part lacking it
                    "gap": _share(sum(lacking), len(lacking), need_weight),
                    "graduates": _share(sum(grads), len(grads), total_weight),
                },
            )
        )
    return sorted(
        rows,
        key=lambda r: -(r.shares["needed"].value or 0) if not r.shares["needed"].suppressed else 1,
    )


def _sectors(study_round: StudyRound, answers: list[dict[str, Any]]) -> list[Row]:
    labels = dict(
        Option.objects.filter(
            question__section__survey=study_round.survey_id, question__code="sector"
        ).values_list("code", "label")
    )
    grouped: dict[str, list[dict]] = defaultdict(list)
    for answer in answers:
        grouped[str(answer.get("sector", ""))].append(answer)
    rows = []
    for code, label in labels.items():
        members = grouped.get(code, [])
        if not members:
            continue
        values: dict[str, int | None] = dict.fromkeys(STAFF_COLUMNS, 0)
        for answer in members:
            for cells in (answer.get("staff") or {}).values():
                for column in STAFF_COLUMNS:
                    values[column] += cells.get(column, 0)
        rows.append(Row(code, label, len(members), values))
    _suppress_rows(rows)
    return rows


def _options_share(
    study_round: StudyRound, code: str, answers: list[dict[str, Any]], weights: list[int]
) -> list[Row]:
    options = Option.objects.filter(
        question__section__survey=study_round.survey_id, question__code=code
    ).values_list("code", "label")
    answered = [(w, set(a[code])) for w, a in zip(weights, answers, strict=True) if code in a]
    total = sum(w for w, _c in answered)
    rows = []
    for option_code, label in options:
        chosen = [w for w, codes in answered if option_code in codes]
        rows.append(
            Row(
                option_code,
                label,
                len(chosen),
                shares={"chosen": _share(sum(chosen), len(chosen), total)},
            )
        )
    return rows


@dataclass
class Forecast:
    year: int
    respondents: int
    totals: dict[str, int]


def forecast_by_round(*, live: bool = False) -> list[Forecast]:
    """Staff, vacancies and planned hires summed per round with published results, oldest
    first, so that rounds can be compared."""
    forecasts = []
    rounds = StudyRound.objects.order_by("year")
    if not live:
        rounds = rounds.filter(closes_at__lte=timezone.now())
    for study_round in rounds:
        submitted = study_round.invitations.filter(response__submitted_at__isnull=False).count()
        if submitted < MIN_GROUP:
            continue
        totals = dict.fromkeys(STAFF_COLUMNS, 0)
        staff = Answer.objects.filter(
            response__invitation__round=study_round,
            response__submitted_at__isnull=False,
            question__code="staff",
        ).values_list("value", flat=True)
        for matrix in staff.iterator(chunk_size=2000):
            for cells in matrix.values():
                for column in STAFF_COLUMNS:
                    totals[column] += cells.get(column, 0)
        forecasts.append(Forecast(study_round.year, submitted, totals))
    return forecasts
