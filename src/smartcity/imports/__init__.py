"""One registry of importers for external feeds, run by `smartcity import <source>`.

An app registers its importers in an `importers.py` module, found at start-up::

    @register("gtfs", help=_("a GTFS static feed (zip)"))
    def gtfs_import(path: str) -> str: ...

An importer returns a one-line summary or raises ImportRefusedError with every problem;
it must leave the database as it was when it refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

Run = Callable[[str], str]


@dataclass(frozen=True)
class Importer:
    source: str
    help: str
    run: Run


class ImportRefusedError(Exception):
    """The input was refused as a whole; `problems` say why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:3]))
        self.problems = problems


_registry: dict[str, Importer] = {}


def register(source: str, *, help: str | Promise) -> Callable[[Run], Run]:
    """Register `run` as the importer of `source` (a short lowercase name)."""

    def decorator(run: Run) -> Run:
        if source in _registry and _registry[source].run is not run:
            raise ValueError(f"an importer for {source!r} is already registered")
        _registry[source] = Importer(source, str(help), run)
        return run

    return decorator


def importers() -> dict[str, Importer]:
    """Every registered importer by source name, after loading the apps' importers.py."""
    autodiscover_modules("importers")
    return dict(sorted(_registry.items()))
