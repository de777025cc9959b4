"""An enterprise answers behind its personal link: autosave, submission, bad input,
double submission, closed rounds and links that are not valid."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from smartcity.skills import services
from smartcity.skills.models import Answer, Response
from tests.skills.conftest import COMPLETE, enterprise


def _url(invitation, name="skills:respond"):
    return reverse(name, args=[invitation.token])


def _autosave(client, invitation, question, **fields):
    return client.post(_url(invitation, "skills:answer_save"), {"question": question, **fields})


def _answers(invitation):
    return dict(
        Answer.objects.filter(response__invitation=invitation).values_list(
            "question__code", "value"
        )
    )


def test_the_survey_opens_in_romanian_with_the_enterprise_named(client, invitation):
    page = client.get(_url(invitation))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nord Soft SRL (exemplu)" in text
    assert "În ce sector activează întreprinderea?" in text
    assert 'data-show-if="has_hard_to_fill"' in text


def test_autosave_keeps_one_answer_and_says_when(client, invitation):
    saved = _autosave(client, invitation, "sector", **{"q-sector": "telecom"})
    assert saved.status_code == 200
    assert 'data-testid="autosave-status"' in saved.content.decode()
    assert _answers(invitation) == {"sector": "telecom"}
    _autosave(client, invitation, "sector", **{"q-sector": "software"})
    assert _answers(invitation) == {"sector": "software"}


def test_autosave_of_a_matrix_keeps_its_cells(client, invitation):
    _autosave(
        client, invitation, "staff", **{"q-staff-2512:current": "4", "q-staff-2153:hire_3y": "2"}
    )
    assert _answers(invitation)["staff"] == {"2512": {"current": 4}, "2153": {"hire_3y": 2}}


def test_a_wrong_autosaved_answer_is_refused_and_the_last_good_one_kept(client, invitation):
    _autosave(client, invitation, "staff", **{"q-staff-2512:current": "4"})
    refused = _autosave(client, invitation, "staff", **{"q-staff-2512:current": "patru"})
    assert refused.status_code == 200
    assert 'data-testid="autosave-error"' in refused.content.decode()
    assert "Introduce" in refused.content.decode()  # the reason, in Romanian
    assert _answers(invitation)["staff"] == {"2512": {"current": 4}}


def test_an_unknown_question_is_refused_by_autosave(client, invitation):
    refused = _autosave(client, invitation, "salary", **{"q-salary": "1"})
    assert 'data-testid="autosave-refused"' in refused.content.decode()
    assert not Answer.objects.exists()


def test_a_complete_submission_is_recorded_and_thanked(client, invitation):
    page = client.post(_url(invitation), {**COMPLETE, "action": "submit"})
    assert page.status_code == 200
    assert 'data-testid="submitted"' in page.content.decode()
    response = Response.objects.get(invitation=invitation)
    assert response.submitted_at is not None
    assert _answers(invitation)["training_forms"] == ["internships", "dual"]


def test_a_submission_missing_required_answers_keeps_what_was_given(client, invitation):
    partial = {k: v for k, v in COMPLETE.items() if k not in ("q-sector", "q-cooperates")}
    page = client.post(_url(invitation), {**partial, "action": "submit"})
    assert page.status_code == 422
    text = page.content.decode()
    assert 'data-testid="error-sector"' in text and 'data-testid="error-cooperates"' in text
    assert Response.objects.get(invitation=invitation).submitted_at is None
    assert _answers(invitation)["size"] == "small"  # kept for next time


def test_a_wrong_answer_on_submission_is_shown_as_typed(client, invitation):
    page = client.post(
        _url(invitation), {**COMPLETE, "q-staff-2512:current": "șase", "action": "submit"}
    )
    assert page.status_code == 422
    assert 'value="șase"' in page.content.decode()
    assert Response.objects.get(invitation=invitation).submitted_at is None


def test_a_conditional_question_is_required_only_when_shown(client, invitation):
    page = client.post(
        _url(invitation), {**COMPLETE, "q-has_hard_to_fill": "yes", "action": "submit"}
    )
    assert page.status_code == 422
    assert 'data-testid="error-hard_to_fill"' in page.content.decode()
    page = client.post(
        _url(invitation),
        {**COMPLETE, "q-has_hard_to_fill": "yes", "q-hard_to_fill": ["2512"], "action": "submit"},
    )
    assert page.status_code == 200
    assert _answers(invitation)["hard_to_fill"] == ["2512"]


def test_answers_to_questions_no_longer_shown_are_dropped_on_submission(client, invitation):
    _autosave(client, invitation, "hard_to_fill", **{"q-hard_to_fill": ["2512"]})
    client.post(_url(invitation), {**COMPLETE, "q-has_hard_to_fill": "no", "action": "submit"})
    assert "hard_to_fill" not in _answers(invitation)


def test_a_second_submission_is_refused_and_changes_nothing(client, invitation):
    client.post(_url(invitation), {**COMPLETE, "action": "submit"})
    first = Response.objects.get(invitation=invitation).submitted_at
    again = client.post(_url(invitation), {**COMPLETE, "q-sector": "telecom", "action": "submit"})
    assert again.status_code == 200  # the thank-you page: it was already submitted
    assert Response.objects.get(invitation=invitation).submitted_at == first
    assert _answers(invitation)["sector"] == "software"
    late = _autosave(client, invitation, "sector", **{"q-sector": "telecom"})
    assert 'data-testid="autosave-refused"' in late.content.decode()
    assert _answers(invitation)["sector"] == "software"


def test_the_service_refuses_a_second_submission(invitation):
    raw = {
        "sector": "software",
        "size": "small",
        "has_hard_to_fill": "no",
        "graduate_readiness": "3",
    }
    raw |= {"training_forms": ["dual"], "cooperates": "no", "cooperation_interest": "4"}
    assert services.response_submit(invitation=invitation, raw=raw).errors == {}
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.response_submit(invitation=invitation, raw=raw)


def test_save_and_continue_later_keeps_the_answers_without_submitting(client, invitation):
    page = client.post(_url(invitation), {"q-sector": "food", "action": "save"})
    assert 'data-testid="notice"' in page.content.decode()
    assert _answers(invitation) == {"sector": "food"}
    assert Response.objects.get(invitation=invitation).submitted_at is None
    again = client.get(_url(invitation))
    assert 'value="food" checked' in again.content.decode()


def test_a_link_expires_when_the_round_closes(client, invitation):
    _autosave(client, invitation, "sector", **{"q-sector": "food"})
    after = invitation.round.closes_at + datetime.timedelta(minutes=1)
    with time_machine.travel(after, tick=False):
        page = client.get(_url(invitation))
        assert page.status_code == 410
        assert 'data-testid="round-closed"' in page.content.decode()
        refused = _autosave(client, invitation, "sector", **{"q-sector": "software"})
        assert 'data-testid="autosave-refused"' in refused.content.decode()
        posted = client.post(_url(invitation), {**COMPLETE, "action": "submit"})
        assert posted.status_code == 410
    assert _answers(invitation) == {"sector": "food"}  # what was saved in time stays


def test_a_round_not_yet_open_says_so(client, invitation):
    study_round = invitation.round
    study_round.opens_at = timezone.now() + datetime.timedelta(days=2)
    study_round.save()
    page = client.get(_url(invitation))
    assert page.status_code == 410
    assert "nu s-a deschis" in page.content.decode() or "not opened" in page.content.decode()


@pytest.mark.parametrize("token", ["nu-exista", "x" * 80])
def test_an_unknown_link_is_a_clear_not_found(client, invitation, token):
    page = client.get(reverse("skills:respond", args=[token]))
    assert page.status_code == 404
    assert 'data-testid="link-invalid"' in page.content.decode()
    saved = client.post(reverse("skills:answer_save", args=[token]), {"question": "sector"})
    assert 'data-testid="autosave-refused"' in saved.content.decode()


def test_one_enterprise_link_never_writes_into_another(client, invitation):
    (other,) = services.invitations_create(
        round=invitation.round, organisations=[enterprise("Fibra Bălți SRL (exemplu)")]
    )
    _autosave(client, other, "sector", **{"q-sector": "telecom"})
    assert _answers(invitation) == {}
    assert _answers(other) == {"sector": "telecom"}
    assert invitation.token != other.token and len(invitation.token) >= 32


def test_an_enterprise_is_invited_once_per_round(invitation):
    again = services.invitations_create(
        round=invitation.round, organisations=[invitation.organisation]
    )
    assert again == []
