"""The transit importers in the shared registry (`smartcity import gtfs <zip>`)."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartcity.imports import ImportRefusedError, register
from smartcity.transit import services


@register("gtfs", help=gettext_lazy("a GTFS static feed (zip); replaces the current feed"))
def gtfs_import(path: str) -> str:
    try:
        with Path(path).open("rb") as file:
            counts = services.feed_import(file=file, source_name=Path(path).name)
    except OSError as error:
        raise ImportRefusedError(
            [_("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}]
        ) from None
    except services.FeedInvalidError as invalid:
        raise ImportRefusedError([str(problem) for problem in invalid.problems]) from None
    return _("GTFS feed imported: %(routes)s lines, %(stops)s stops, %(trips)s trips.") % {
        "routes": counts.get("routes.txt", 0),
        "stops": counts.get("stops.txt", 0),
        "trips": counts.get("trips.txt", 0),
    }
