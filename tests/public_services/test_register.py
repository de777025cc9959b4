"""The register of correspondence: one numbering per register code and year."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.db import connections, transaction
from django.db.migrations.executor import MigrationExecutor

from smartcity.city import register
from smartcity.city.models import Department, RegisterCounter

CHISINAU = datetime.timezone(datetime.timedelta(hours=2))


@pytest.mark.django_db
def test_numbers_run_per_register_and_restart_each_year():
    with time_machine.travel(datetime.datetime(2026, 12, 31, 12, tzinfo=CHISINAU), tick=False):
        first = register.register_entry_take(code="ARH")
        second = register.register_entry_take(code="ARH")
        other = register.register_entry_take(code="LOC")
    with time_machine.travel(datetime.datetime(2027, 1, 1, 0, 30, tzinfo=CHISINAU), tick=False):
        next_year = register.register_entry_take(code="ARH")

    assert [first.number, second.number, other.number, next_year.number] == [
        "ARH-2026/0001",
        "ARH-2026/0002",
        "LOC-2026/0001",
        "ARH-2027/0001",  # half past midnight in Bălți is still 2026 in UTC
    ]


@pytest.mark.django_db
def test_a_paper_that_fails_to_be_stored_gives_its_number_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        register.register_entry_take(code="CAN")
        raise RuntimeError("the attachment could not be stored")
    assert register.register_entry_take(code="CAN").sequence == 1


@pytest.mark.django_db
def test_the_chancellery_register_serves_departments_without_a_code(balti):
    roads = Department.objects.get(slug="drumuri")
    assert register.register_code_of(roads) == "DRU"
    roads.register_code = ""
    assert register.register_code_of(roads) == "CAN"
    assert register.register_code_of(None) == "CAN"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_consecutive_numbers():
    workers = 8
    barrier = threading.Barrier(workers)
    numbers: list[int] = []
    errors: list[Exception] = []
    guard = threading.Lock()

    def take() -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                entry = register.register_entry_take(code="AS")
            with guard:
                numbers.append(entry.sequence)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, workers + 1))
    assert RegisterCounter.objects.get(code="AS").last == workers


@pytest.mark.django_db(transaction=True)
def test_moving_the_letters_onto_the_register_renumbers_no_issued_letter():
    executor = MigrationExecutor(connections["default"])
    before = [("collaboration", "0011_projects_who_changed"), ("city", "0001_initial")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model("auth", "User").objects.create(username="autor")
    idea_model = old.get_model("collaboration", "ProjectIdea")
    idea = idea_model.objects.create(author=user, title="Idee", status="submitted")
    old.get_model("collaboration", "LetterCounter").objects.create(year=2026, last=7)
    old.get_model("collaboration", "LetterToMayor").objects.create(
        idea=idea,
        year=2026,
        sequence=7,
        number="ACETI-2026/0007",
        registered_at=datetime.datetime(2026, 5, 4, tzinfo=datetime.UTC),
    )

    executor = MigrationExecutor(connections["default"])
    executor.migrate(executor.loader.graph.leaf_nodes())

    from smartcity.collaboration.models import LetterToMayor

    assert list(LetterToMayor.objects.values_list("number", flat=True)) == ["ACETI-2026/0007"]
    assert RegisterCounter.objects.get(code="CAN", year=2026).last == 7
