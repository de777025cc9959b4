from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from smartcity.strategy import demo, exchange
from smartcity.strategy.exchange import ImportRejectedError, plans_import, table_read
from smartcity.strategy.models import ChangeRecord, IndicatorValue, Node, Plan

HEADER = ",".join(exchange.COLUMNS)


def _csv(*lines: dict) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=exchange.COLUMNS)
    writer.writeheader()
    for line in lines:
        writer.writerow(line)
    return out.getvalue().encode()


PLAN = {
    "kind": "plan",
    "plan": "p",
    "code": "p",
    "title_ro": "Planul",
    "start_year": "2021",
    "end_year": "2025",
}
PRIORITY = {"kind": "priority", "plan": "p", "code": "P1", "title_ro": "Prioritatea întâi"}
OBJECTIVE = {"kind": "objective", "plan": "p", "code": "O1", "parent": "P1", "title_ro": "Obiectiv"}
ACTION = {
    "kind": "action",
    "plan": "p",
    "code": "A1",
    "parent": "O1",
    "title_ro": "Acțiune",
    "responsible": "iluminat",
    "status": "in_progress",
    "progress": "30",
    "cost_mdl": "1500000.50",
}


def test_the_format_has_a_stable_documented_header():
    assert exchange.COLUMNS[:4] == ["kind", "plan", "code", "parent"]
    with open("docs/strategy-exchange.md", encoding="utf-8") as doc:
        text = doc.read()
    for column in exchange.COLUMNS:
        assert f"`{column}`" in text


def test_a_valid_file_imports_and_links_the_department(administrator):
    rows = table_read(_csv(PLAN, PRIORITY, OBJECTIVE, ACTION), filename="plan.csv")
    counts = plans_import(rows=rows, by=administrator, filename="plan.csv")
    assert counts["items"] == 3
    action = Node.objects.get(code="A1")
    assert action.parent.code == "O1" and action.responsible_department.slug == "iluminat"
    assert action.cost == Decimal("1500000.50")
    assert ChangeRecord.objects.filter(kind="import", changed_by=administrator).count() == 1


def test_every_bad_row_is_reported_and_nothing_is_saved(administrator):
    bad_action = ACTION | {"progress": "140", "code": "A2"}
    orphan = {"kind": "action", "plan": "p", "code": "A3", "parent": "P1", "title_ro": "x"}
    bad_value = {"kind": "value", "plan": "p", "code": "NOPE", "date": "2024-13-01", "value": "x"}
    rows = table_read(
        _csv(PLAN, PRIORITY, OBJECTIVE, ACTION, bad_action, orphan, bad_value), filename="f.csv"
    )
    with translation.override("en"), pytest.raises(ImportRejectedError) as caught:
        plans_import(rows=rows, by=administrator)
    messages = caught.value.messages
    assert any(m.startswith("Row 6:") and "between 0 and 100" in m for m in messages)
    assert any(m.startswith("Row 7:") and "level “objective”" in m for m in messages)
    assert any(m.startswith("Row 8:") for m in messages)
    assert not Plan.objects.exists() and not Node.objects.exists()


def test_errors_are_in_the_users_language(administrator):
    rows = table_read(_csv(PLAN, ACTION | {"parent": ""}), filename="f.csv")
    with translation.override("ro"), pytest.raises(ImportRejectedError) as caught:
        plans_import(rows=rows, by=administrator)
    assert caught.value.messages[0].startswith("Rândul 3:")


def test_unknown_columns_and_files_are_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        table_read(b"kind,plan,code,colour\n", filename="f.csv")
    with pytest.raises(ValidationError):
        table_read(b"not a workbook", filename="f.xlsx")
    with pytest.raises(ValidationError):
        table_read(b"x", filename="f.pdf")


def test_only_administrators_import(lighting_staff):
    rows = table_read(_csv(PLAN), filename="f.csv")
    with pytest.raises(PermissionDenied):
        plans_import(rows=rows, by=lighting_staff)


def _demo_export() -> list[dict]:
    return exchange.plan_rows(list(Plan.objects.order_by("order", "code")))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_reproduces_the_same_file(balti, administrator, fmt):
    from smartcity.collaboration import demo as collaboration_demo

    collaboration_demo.collaboration_load()
    demo.strategy_load()
    first = _demo_export()
    body = exchange.rows_to_csv(first) if fmt == "csv" else exchange.rows_to_xlsx(first)
    values = IndicatorValue.objects.count()
    Plan.objects.all().delete()
    plans_import(rows=table_read(body, filename=f"plans.{fmt}"), by=administrator)
    assert _demo_export() == first
    assert IndicatorValue.objects.count() == values


def test_csv_export_starts_with_the_header_and_keeps_diacritics(balti, administrator):
    rows = table_read(_csv(PLAN | {"title_ro": "Strategia Bălți — ș ț ă î â"}), filename="f.csv")
    plans_import(rows=rows, by=administrator)
    body = exchange.rows_to_csv(_demo_export()).decode("utf-8-sig")
    assert body.splitlines()[0] == HEADER
    assert "Strategia Bălți — ș ț ă î â" in body


def test_other_bodies_and_funding_are_translated_with_romanian_fallback(administrator):
    other = ACTION | {
        "responsible": "Agenția de Mediu",
        "responsible_ru": "Агентство по окружающей среде",
        "funding_source": "buget local",
        "funding_source_en": "local budget",
    }
    plans_import(
        rows=table_read(_csv(PLAN, PRIORITY, OBJECTIVE, other), filename="p.csv"), by=administrator
    )
    action = Node.objects.get(code="A1")
    with translation.override("ru"):
        assert action.responsible == "Агентство по окружающей среде"
        assert action.funding_source == "buget local"  # no Russian: Romanian shown
    with translation.override("en"):
        assert action.responsible == "Agenția de Mediu"
        assert action.funding_source == "local budget"


def test_files_of_the_first_version_without_the_new_columns_still_import(administrator):
    old_columns = exchange.COLUMNS[: exchange.COLUMNS.index("illustrative") + 1]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=old_columns, extrasaction="ignore")
    writer.writeheader()
    for line in (PLAN, PRIORITY, OBJECTIVE, ACTION | {"funding_source": "granturi"}):
        writer.writerow(line)
    plans_import(rows=table_read(out.getvalue().encode(), filename="v1.csv"), by=administrator)
    action = Node.objects.get(code="A1")
    assert action.funding_source_ro == "granturi" and action.funding_source_en in ("", None)


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_existing_bodies_and_funding_as_romanian():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("strategy", "0001_plans")])
    old_apps = executor.loader.project_state([("strategy", "0001_plans")]).apps
    plan = old_apps.get_model("strategy", "Plan").objects.create(
        code="m", title="Plan", start_year=2021, end_year=2022
    )
    old_apps.get_model("strategy", "Node").objects.create(
        plan=plan,
        level="action",
        code="A",
        title="A",
        responsible_text="ACETI",
        funding_source="buget local",
        weight=1,
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    node = Node.objects.get(code="A")
    assert node.responsible_text_ro == "ACETI" and node.funding_source_ro == "buget local"


def _workbook_with_an_entity_bomb() -> bytes:
    """A valid workbook whose sheet declares nested XML entities ("billion laughs")."""
    first = io.BytesIO(exchange.rows_to_xlsx([]))
    out = io.BytesIO()
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'
            for n in range(1, 10)
        )
        + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    with zipfile.ZipFile(first) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = bomb.encode()
            target.writestr(item, data)
    return out.getvalue()


def test_a_workbook_with_xml_entity_expansion_is_refused_not_expanded():
    # openpyxl parses through defusedxml when it is installed: that is why it is a dependency.
    from django.core.exceptions import ValidationError

    with translation.override("ro"), pytest.raises(ValidationError) as caught:
        table_read(_workbook_with_an_entity_bomb(), filename="plan.xlsx")
    assert "XLSX" in caught.value.messages[0]


def test_uploaded_workbooks_are_parsed_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
