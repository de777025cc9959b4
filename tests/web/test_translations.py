"""The three catalogs (Romanian, Russian, English) are complete and compiled."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LANGUAGES = ("ro", "ru", "en")
SOURCE = Path(__file__).resolve().parents[2] / "src" / "smartcity"


def _catalog(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalog = polib.pofile(str(_catalog(language)))
    assert catalog.untranslated_entries() == []
    assert catalog.fuzzy_entries() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_its_source(language):
    po = polib.pofile(str(_catalog(language)))
    mo = polib.mofile(str(_catalog(language).with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (entry.msgstr, entry.msgstr_plural), (
            f"{language}: {entry.msgid!r} is not compiled; run `make messages`"
        )


def test_every_translatable_string_of_the_source_is_in_the_catalogs(
    tmp_path, settings, monkeypatch
):
    committed_catalog = _catalog("ro")  # before LOCALE_PATHS points at the copy
    tree = tmp_path / "smartcity"
    shutil.copytree(SOURCE, tree, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    settings.LOCALE_PATHS = [tree / "locale"]
    monkeypatch.chdir(tree)
    call_command("makemessages", locale=["ro"], no_location=True, verbosity=0)
    fresh = polib.pofile(str(tree / "locale" / "ro" / "LC_MESSAGES" / "django.po"))
    extracted = {(e.msgctxt, e.msgid) for e in fresh if not e.obsolete}
    committed = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(committed_catalog)) if not e.obsolete
    }
    missing = extracted - committed
    assert not missing, f"run `make messages` and translate: {sorted(m[1] for m in missing)[:10]}"
