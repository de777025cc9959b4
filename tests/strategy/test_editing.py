"""Staff edit the tree itself on pages: items, indicators and links, each change recorded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from smartcity.city.models import Department
from smartcity.collaboration import demo as collaboration_demo
from smartcity.collaboration.models import IdeaStatus, Need, Project, ProjectIdea
from smartcity.strategy import services
from smartcity.strategy.models import ChangeRecord, Indicator, IndicatorValue, Level, Node
from smartcity.strategy.services import IndicatorContent, ItemContent

ACTION_FORM = {
    "code": "A9",
    "title_ro": "Acțiunea nouă",
    "title_ru": "Новое действие",
    "title_en": "The new action",
    "weight": "2",
    "start_year": "2022",
    "end_year": "2024",
    "responsible_department": "",
    "responsible_text_ro": "Agenția de Mediu",
    "responsible_text_ru": "Агентство по окружающей среде",
    "responsible_text_en": "",
    "cost": "250000",
    "funding_source_ro": "buget local",
    "funding_source_ru": "местный бюджет",
    "funding_source_en": "local budget",
}


def _form_of(node: Node, **changes: str) -> dict:
    data = {
        "code": node.code,
        "title_ro": node.title_ro,
        "title_ru": node.title_ru or "",
        "title_en": node.title_en or "",
        "weight": str(node.weight),
    }
    if node.is_action:
        data |= {
            "start_year": node.start_year or "",
            "end_year": node.end_year or "",
            "responsible_department": node.responsible_department_id or "",
            "cost": node.cost or "",
        }
    return data | changes


def test_administrator_adds_a_priority_an_objective_and_an_action(client, administrator, tree):
    plan = tree["P1"].plan
    client.force_login(administrator)
    url = reverse("strategy:item_add", args=[plan.code])
    assert client.get(url).status_code == 200
    response = client.post(url, {"code": "P9", "title_ro": "Prioritatea nouă", "weight": "1"})
    assert response.status_code == 302
    priority = Node.objects.get(plan=plan, code="P9")
    assert priority.level == Level.PRIORITY and priority.parent is None
    client.post(
        f"{url}?parent={priority.pk}", {"code": "O9", "title_ro": "Obiectiv", "weight": "1"}
    )
    objective = Node.objects.get(plan=plan, code="O9")
    assert objective.level == Level.OBJECTIVE and objective.parent == priority
    assert client.post(f"{url}?parent={objective.pk}", ACTION_FORM).status_code == 302
    action = Node.objects.get(plan=plan, code="A9")
    assert action.level == Level.ACTION and action.parent == objective
    assert action.cost == Decimal("250000") and action.weight == Decimal("2")
    with translation.override("en"):
        assert action.title == "The new action"
        assert action.responsible == "Agenția de Mediu"  # no English: Romanian shown
        assert action.funding_source == "local budget"
    record = ChangeRecord.objects.get(node=action, kind=ChangeRecord.Kind.ADDED)
    assert record.changed_by == administrator
    assert record.after["code"] == "A9" and record.after["cost"] == "250000"


def test_nothing_is_added_under_an_action_and_parents_stay_in_their_plan(
    client, administrator, tree
):
    client.force_login(administrator)
    url = reverse("strategy:item_add", args=[tree["A1"].plan.code])
    assert client.get(f"{url}?parent={tree['A1'].pk}").status_code == 404
    assert client.get(f"{url}?parent=nonsense").status_code == 404
    assert client.get(f"{url}?parent=99999999999999999999999").status_code == 404
    with pytest.raises(ValidationError, match="acțiune"):
        services.node_add(
            plan=tree["A1"].plan,
            parent=tree["A1"],
            by=administrator,
            content=ItemContent(code="X", titles={"ro": "X"}),
        )


def test_edit_records_who_and_only_what_changed(client, administrator, tree):
    action = tree["A1"]
    client.force_login(administrator)
    response = client.post(
        reverse("strategy:item_edit", args=[action.pk]),
        _form_of(action, title_en="Street lights", weight="2.5", funding_source_ro="granturi"),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title_en == "Street lights" and action.weight == Decimal("2.5")
    record = ChangeRecord.objects.get(node=action, kind=ChangeRecord.Kind.EDITED)
    assert record.changed_by == administrator and record.changed_at is not None
    assert record.before == {"title_en": "", "weight": "1", "funding_source_ro": ""}
    assert record.after == {
        "title_en": "Street lights",
        "weight": "2.5",
        "funding_source_ro": "granturi",
    }
    history = client.get(reverse("strategy:history", args=[action.plan.code])).content.decode()
    assert "Street lights" in history


def test_saving_an_unchanged_item_records_nothing(administrator, tree):
    node = tree["O1"]
    content = ItemContent(code="O1", titles={"ro": node.title_ro}, weight=Decimal(node.weight))
    services.node_edit(node=node, by=administrator, content=content)
    assert not ChangeRecord.objects.filter(node=node).exists()


def test_bad_values_are_refused_with_translated_messages(client, administrator, tree):
    client.force_login(administrator)
    url = reverse("strategy:item_edit", args=[tree["A1"].pk])
    response = client.post(url, _form_of(tree["A1"], code="A2", start_year="2024", end_year="2022"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Un alt element al planului are codul „A2”." in html
    assert "Ultimul an nu poate fi înaintea primului." in html
    response = client.post(
        url, _form_of(tree["A1"], weight="-1", cost="abc"), HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert response.status_code == 400
    tree["A1"].refresh_from_db()
    assert tree["A1"].code == "A1" and tree["A1"].weight == Decimal("1")
    assert not ChangeRecord.objects.filter(kind=ChangeRecord.Kind.EDITED).exists()


def test_department_staff_edit_only_their_actions(client, lighting_staff, tree):
    client.force_login(lighting_staff)
    own, other = tree["A3"], tree["A1"]
    response = client.post(reverse("strategy:item_edit", args=[own.pk]), _form_of(own, cost="1000"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.cost == Decimal("1000")
    assert client.get(reverse("strategy:item_edit", args=[other.pk])).status_code == 403
    assert client.get(reverse("strategy:item_edit", args=[tree["O2"].pk])).status_code == 403
    plan_code = own.plan.code
    assert client.get(reverse("strategy:item_add", args=[plan_code])).status_code == 403
    assert client.post(reverse("strategy:item_remove", args=[own.pk])).status_code == 403
    assert Node.objects.filter(pk=own.pk).exists()


def test_department_staff_cannot_hand_an_action_to_another_department(client, lighting_staff, tree):
    own = tree["A3"]
    roads = Department.objects.get(slug="drumuri")
    with pytest.raises(PermissionDenied):
        services.node_edit(
            node=own,
            by=lighting_staff,
            content=ItemContent(code="A3", titles={"ro": "x"}, responsible_department=roads),
        )
    client.force_login(lighting_staff)
    client.post(
        reverse("strategy:item_edit", args=[own.pk]),
        _form_of(own, responsible_department=str(roads.pk), title_ro="Titlu nou"),
    )
    own.refresh_from_db()
    assert own.responsible_department.slug == "iluminat"  # the disabled field is ignored
    assert own.title_ro == "Titlu nou"


def test_removing_an_objective_removes_what_is_under_it_and_is_recorded(
    client, administrator, tree
):
    indicator = Indicator.objects.create(
        plan=tree["A1"].plan, node=tree["A1"], code="I1", name_ro="Indicator"
    )
    client.force_login(administrator)
    url = reverse("strategy:item_remove", args=[tree["O1"].pk])
    assert "2" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Node.objects.filter(code__in=["O1", "A1", "A2"]).exists()
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
    record = ChangeRecord.objects.get(kind=ChangeRecord.Kind.REMOVED)
    assert record.before["code"] == "O1" and record.before["items_below"] == ["A1", "A2"]
    assert record.before["indicators"] == ["I1"] and record.changed_by == administrator


def test_department_staff_add_edit_and_remove_indicators_of_their_actions(
    client, lighting_staff, tree
):
    own = tree["A3"]
    client.force_login(lighting_staff)
    response = client.post(
        reverse("strategy:indicator_add", args=[own.pk]),
        {
            "code": "L1",
            "name_ro": "Lămpi LED",
            "name_en": "LED lamps",
            "unit": "%",
            "baseline": "10",
            "target": "90",
            "target_year": "2025",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="L1")
    assert indicator.node == own and indicator.target == Decimal("90")
    IndicatorValue.objects.create(indicator=indicator, measured_on="2023-01-01", value=20)
    definition = reverse("strategy:indicator_definition", args=[indicator.pk])
    response = client.post(
        definition,
        {"code": "L1", "name_ro": "Lămpi LED", "unit": "%", "baseline": "10", "target": "95"},
    )
    assert response.status_code == 302
    edit = ChangeRecord.objects.get(indicator=indicator, kind=ChangeRecord.Kind.EDITED)
    assert edit.before["target"] == "90" and edit.after["target"] == "95"
    assert edit.before["name_en"] == "LED lamps" and edit.after["name_en"] == ""
    bad = client.post(definition, {"code": "L 1", "name_ro": "", "computation": "nonsense"})
    assert bad.status_code == 400
    assert client.post(reverse("strategy:indicator_remove", args=[indicator.pk])).status_code == 302
    removed = ChangeRecord.objects.get(kind=ChangeRecord.Kind.REMOVED)
    assert removed.before["code"] == "L1" and removed.before["values"] == 1
    other = Indicator.objects.create(plan=own.plan, node=tree["A1"], code="X1", name_ro="X")
    assert client.get(reverse("strategy:indicator_definition", args=[other.pk])).status_code == 403
    assert client.post(reverse("strategy:indicator_add", args=[tree["A1"].pk])).status_code == 403


def test_indicator_codes_stay_unique_in_the_plan(administrator, tree):
    Indicator.objects.create(plan=tree["A1"].plan, node=tree["A1"], code="I1", name_ro="X")
    with pytest.raises(ValidationError) as error:
        services.indicator_add(
            node=tree["A2"], by=administrator, content=IndicatorContent("I1", {"ro": "Y"})
        )
    assert "code" in error.value.message_dict


@pytest.fixture
def partners(balti):
    collaboration_demo.collaboration_load()


def test_links_form_searches_and_sets_links_audited(client, administrator, tree, partners):
    action = tree["A1"]
    need = Need.objects.order_by("title").first()
    idea = ProjectIdea.objects.exclude(status=IdeaStatus.DRAFT).first()
    project = Project.objects.first()
    client.force_login(administrator)
    url = reverse("strategy:item_links", args=[action.pk])
    word = need.title.split()[0]
    page = client.get(url, {"q": word}).content.decode()
    assert need.title in page
    assert all(n.title in page for n in Need.objects.filter(title__icontains=word))
    unmatched = Need.objects.exclude(title__icontains=word).first()
    if unmatched is not None:
        assert f'value="{unmatched.pk}"' not in page.split('name="ideas"')[0]
    response = client.post(url, {"needs": [need.pk], "ideas": [idea.pk], "projects": [project.pk]})
    assert response.status_code == 302
    assert list(action.needs.all()) == [need] and list(action.projects.all()) == [project]
    record = ChangeRecord.objects.get(node=action, kind=ChangeRecord.Kind.LINKS)
    assert record.before == {"needs": [], "ideas": [], "projects": []}
    assert record.after == {"needs": [need.pk], "ideas": [idea.pk], "projects": [project.pk]}
    assert record.changed_by == administrator
    # A narrower search keeps the links the item has among the choices.
    page = client.get(url, {"q": "zzzz-nothing"}).content.decode()
    assert f'<option value="{need.pk}" selected>' in page


def test_links_to_drafts_or_unknown_records_are_refused(client, administrator, tree, partners):
    draft = ProjectIdea.objects.filter(status=IdeaStatus.DRAFT).first()
    client.force_login(administrator)
    response = client.post(
        reverse("strategy:item_links", args=[tree["A1"].pk]), {"ideas": [draft.pk]}
    )
    assert response.status_code == 400
    assert not tree["A1"].ideas.exists()
    huge = client.post(reverse("strategy:item_links", args=[tree["A1"].pk]), {"needs": ["9" * 30]})
    assert huge.status_code == 400
    with pytest.raises(ValidationError) as error:
        services.node_links_set(
            node=tree["A1"], by=administrator, need_ids=[999_999], idea_ids=[], project_ids=[]
        )
    assert "needs" in error.value.message_dict


def test_links_of_other_departments_actions_are_refused(client, lighting_staff, tree):
    client.force_login(lighting_staff)
    assert client.get(reverse("strategy:item_links", args=[tree["A1"].pk])).status_code == 403
    assert client.get(reverse("strategy:item_links", args=[tree["A3"].pk])).status_code == 200


def test_edit_links_show_only_where_the_user_may_edit(
    client, administrator, lighting_staff, roads_staff, resident, tree
):
    url = reverse("strategy:plan", args=[tree["A1"].plan.code])
    client.force_login(lighting_staff)
    html = client.get(url).content.decode()
    assert 'data-testid="edit-A3"' in html and 'data-testid="item-edit-A3"' in html
    assert 'data-testid="edit-A1"' not in html and 'data-testid="item-edit-O1"' not in html
    assert 'data-testid="add-priority"' not in html
    client.force_login(roads_staff)
    html = client.get(url).content.decode()
    assert 'data-testid="edit-' not in html and 'data-testid="item-edit-' not in html
    client.force_login(resident)
    assert 'data-testid="item-edit-' not in client.get(url).content.decode()
    client.force_login(administrator)
    html = client.get(url).content.decode()
    for code in ("A1", "A2", "A3", "A4"):
        assert f'data-testid="edit-{code}"' in html
    assert 'data-testid="item-edit-P1"' in html and 'data-testid="add-under-O1"' in html
    assert 'data-testid="add-priority"' in html


def test_record_of_changes_shows_imports_and_edits(client, administrator, tree):
    ChangeRecord.objects.create(
        plan=tree["A1"].plan,
        kind=ChangeRecord.Kind.IMPORT,
        after={"file": "plan.csv", "items": 8, "values": 0},
        changed_by=administrator,
    )
    client.force_login(administrator)
    client.post(reverse("strategy:item_edit", args=[tree["A1"].pk]), _form_of(tree["A1"], cost="7"))
    page = client.get(reverse("strategy:history", args=[tree["A1"].plan.code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "items: 8" in html and "cost: 7" in html
