"""Where logging in leads each kind of user when no page asked for it."""

from __future__ import annotations

import pytest

from smartcity.collaboration import demo as collaboration_demo
from tests.factories import UserFactory


@pytest.fixture
def members(balti):
    collaboration_demo.criteria_load()
    collaboration_demo.members_load()


@pytest.mark.parametrize(
    ("username", "destination"),
    [
        ("dispecer", "/staff/"),
        ("cabinet", "/collaboration/office/"),
        ("evaluator", "/collaboration/office/"),
        ("partener", "/collaboration/ideas/mine/"),
    ],
)
def test_each_role_lands_on_its_own_page(client, members, username, destination):
    response = client.post(
        "/accounts/login/", {"username": username, "password": "balti-demo-2026"}
    )
    assert response.url == destination


def test_a_resident_lands_on_the_home_page_and_next_still_wins(client, members):
    UserFactory(username="rezident")
    login = {"username": "rezident", "password": "secret-password-1"}
    assert client.post("/accounts/login/", login).url == "/"
    client.logout()
    response = client.post("/accounts/login/?next=/collaboration/needs/", login)
    assert response.url == "/collaboration/needs/"
