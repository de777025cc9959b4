"""Registering needs, scoring them per side, residents' support, weights, the public ranking."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from smartcity.collaboration import selectors, services
from smartcity.collaboration.models import Criterion, Need, NeedScore, NeedSupport
from smartcity.service_requests.models import ServiceCategory
from tests.factories import service_request_submit


@pytest.fixture
def need(partner):
    return services.need_register(
        by=partner,
        title="Programare online la starea civilă",
        description="Cozi lungi la ghișeu.",
        service="Oficiul stare civilă",
        affected="Familiile tinere",
        category_id=ServiceCategory.objects.get(code="street-light-out").pk,
    )


def _criterion(code: str) -> Criterion:
    return Criterion.objects.get(code=code)


def test_registering_a_need_without_a_title_is_refused(partner):
    with pytest.raises(ValidationError) as error:
        services.need_register(by=partner, title=" ", description="x", service="y", affected="z")
    assert "title" in error.value.message_dict


def test_the_need_form_shows_errors_in_romanian(client, resident):
    client.force_login(resident)
    response = client.post(reverse("collaboration:need_register"), {"title": ""})
    assert response.status_code == 400
    assert "Acest câmp este obligatoriu" in response.content.decode()
    assert Need.objects.count() == 0


def test_a_resident_registers_a_need_through_the_page(client, resident, balti):
    client.force_login(resident)
    response = client.post(
        reverse("collaboration:need_register"),
        {
            "title": "Plata online a taxelor locale",
            "description": "Acum doar la casierie.",
            "service": "Direcția fiscală",
            "affected": "Proprietarii",
        },
    )
    need = Need.objects.get()
    assert response.status_code == 302
    assert need.registered_by == resident


def test_each_side_scores_once_per_criterion_and_rescoring_replaces(need, partner, mayors_office):
    impact = _criterion("impact")
    services.need_score_set(need=need, by=partner, values={impact.pk: 5})
    services.need_score_set(need=need, by=mayors_office, values={impact.pk: 3})
    services.need_score_set(need=need, by=partner, values={impact.pk: 4})
    assert dict(NeedScore.objects.values_list("side", "value")) == {"partner": 4, "city": 3}


def test_residents_do_not_score(need, resident):
    with pytest.raises(PermissionDenied):
        services.need_score_set(need=need, by=resident, values={_criterion("impact").pk: 5})


def test_a_score_outside_1_to_5_is_refused(need, partner):
    with pytest.raises(ValidationError):
        services.need_score_set(need=need, by=partner, values={_criterion("impact").pk: 6})


def test_support_counts_once_per_user_and_once_per_session(need, resident):
    assert services.need_support(need=need, user=resident) is True
    assert services.need_support(need=need, user=resident) is False
    assert services.need_support(need=need, session_key="abc") is True
    assert services.need_support(need=need, session_key="abc") is False
    assert NeedSupport.objects.filter(need=need).count() == 2


def test_an_anonymous_visitor_supports_once_from_the_page(client, need):
    url = reverse("collaboration:need_support", args=[need.pk])
    client.post(url)
    client.post(url)
    assert NeedSupport.objects.filter(need=need).count() == 1


def test_only_administrators_set_weights(client, partner, administrator, need):
    impact = _criterion("impact")
    with pytest.raises(PermissionDenied):
        services.criteria_weights_set(by=partner, weights={impact.pk: Decimal("9")})
    client.force_login(administrator)
    data = {f"w{c.pk}": str(c.weight) for c in Criterion.objects.all()}
    data[f"w{impact.pk}"] = "7.5"
    response = client.post(reverse("collaboration:criteria_weights"), data)
    assert response.status_code == 302
    assert _criterion("impact").weight == Decimal("7.5")


def test_the_ranking_page_shows_how_the_score_was_computed(client, need, partner, mayors_office):
    impact, cost = _criterion("impact"), _criterion("cost")
    services.need_score_set(need=need, by=partner, values={impact.pk: 5, cost.pk: 2})
    services.need_score_set(need=need, by=mayors_office, values={impact.pk: 4})
    services.need_support(need=need, session_key="s1")
    page = client.get(reverse("collaboration:needs")).content.decode()
    # impact 4.5 × 3 and cost 2 × 1 over weights 4
    assert "3.88" in page or "3,88" in page
    detail = client.get(reverse("collaboration:need", args=[need.pk])).content.decode()
    assert "4,50" in detail or "4.50" in detail
    assert 'data-testid="need-score">3,88' in detail or 'data-testid="need-score">3.88' in detail


def test_evidence_counts_the_live_reports_of_the_category(need):
    assert selectors.need_evidence(need).reports == 0
    service_request_submit(category="street-light-out")
    service_request_submit(category="street-light-out")
    service_request_submit(category="pothole")
    evidence = selectors.need_evidence(need)
    assert (evidence.reports, evidence.open_reports) == (2, 2)


def test_the_need_page_shows_the_platforms_own_figures_as_evidence(client, need):
    for _ in range(3):
        service_request_submit(category="street-light-out")
    service_request_submit(category="pothole")
    page = client.get(reverse("collaboration:need", args=[need.pk])).content.decode()
    evidence = page.split('data-testid="report-evidence">')[1].split("</dd>")[0]
    assert evidence.startswith("3 sesizări în „")
    assert "dintre care 3 încă deschise" in evidence


def test_a_long_ranking_is_shown_a_hundred_needs_a_page(client, partner):
    for n in range(101):
        Need.objects.create(
            title=f"Necesitatea {n:03d}", description="d", service="s", affected="a"
        )
    first = client.get(reverse("collaboration:needs")).content.decode()
    second = client.get(reverse("collaboration:needs"), {"page": 2}).content.decode()
    assert first.count('data-testid="ranking-row"') == 100
    assert second.count('data-testid="ranking-row"') == 1
    assert "Pagina 2 din 2" in second
