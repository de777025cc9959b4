"""Reads on needs: the ranking with its computation, and live evidence from reports."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from smartcity.collaboration.models import Criterion, Need, NeedScore, NeedSupport
from smartcity.collaboration.ranking import CriterionWeight, RankedNeed, needs_rank
from smartcity.service_requests import selectors as request_selectors


@dataclass(frozen=True)
class NeedEvidence:
    category_name: str
    reports: int
    open_reports: int


@dataclass(frozen=True)
class RankingRow:
    need: Need
    rank: RankedNeed
    evidence: NeedEvidence | None


def criteria() -> list[Criterion]:
    return list(Criterion.objects.all())


def report_categories() -> QuerySet:
    return request_selectors.active_categories()


def need_by_id(pk: int) -> Need | None:
    return Need.objects.select_related("category").filter(pk=pk).first()


def _evidence(needs: list[Need]) -> dict[int, NeedEvidence]:
    ids = [n.category_id for n in needs if n.category_id]
    counts = request_selectors.request_counts_by_category(ids) if ids else {}
    return {
        n.pk: NeedEvidence(n.category.name, *counts[n.category.pk])
        for n in needs
        if n.category is not None
    }


def need_evidence(need: Need) -> NeedEvidence | None:
    """The live number of public reports in the need's category, if it names one."""
    return _evidence([need]).get(need.pk)


def needs_ranked() -> list[RankedNeed]:
    """Every need's place, best first, with the lines its score was computed from; only
    ids and numbers are read, so a long ranking stays cheap (see `ranking_rows`)."""
    need_ids = list(Need.objects.order_by("pk").values_list("pk", flat=True))
    weights = [CriterionWeight(id=c.pk, name=c.name, weight=c.weight) for c in criteria()]
    scores: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for need_id, criterion_id, side, value in NeedScore.objects.values_list(
        "need_id", "criterion_id", "side", "value"
    ):
        scores[need_id][criterion_id][side] = value
    supports = dict(
        NeedSupport.objects.values("need_id").annotate(n=Count("id")).values_list("need_id", "n")
    )
    return needs_rank(need_ids=need_ids, criteria=weights, scores=scores, supports=supports)


def ranking_rows(ranked: list[RankedNeed]) -> list[RankingRow]:
    """The needs of a slice of the ranking, with their live evidence, for display."""
    needs = Need.objects.select_related("category").in_bulk([r.need_id for r in ranked])
    evidence = _evidence(list(needs.values()))
    return [RankingRow(needs[r.need_id], r, evidence.get(r.need_id)) for r in ranked]


def needs_ranking() -> list[RankingRow]:
    """Every need, best first, each with the lines its score was computed from."""
    return ranking_rows(needs_ranked())


def supported_by(*, user=None, session_key: str = "") -> set[int]:  # noqa: ANN001
    """Ids of the needs this account (or anonymous session) already supports."""
    if getattr(user, "is_authenticated", False):
        rows = NeedSupport.objects.filter(user=user)
    elif session_key:
        rows = NeedSupport.objects.filter(user=None, session_key=session_key)
    else:
        return set()
    return set(rows.values_list("need_id", flat=True))
