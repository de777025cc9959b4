"""GTFS static: reading, checking, loading and writing feeds."""

from __future__ import annotations

from typing import IO

from smartcity.transit.gtfs.checks import feed_check
from smartcity.transit.gtfs.load import feed_replace
from smartcity.transit.gtfs.problems import FeedInvalidError, FeedProblem
from smartcity.transit.gtfs.reader import feed_read

__all__ = ["FeedProblem", "FeedInvalidError", "feed_load"]


def feed_load(
    source: str | IO[bytes],
    *,
    source_name: str,
    illustrative: bool = False,
    notice: dict[str, str] | None = None,
) -> dict[str, int]:
    """Check the GTFS zip at `source` and make it the city's feed, all or nothing.

    Raises FeedInvalidError with every problem found (file, line, field, message) when the
    feed is not valid; then the database is left as it was. Returns rows per file.
    """
    feed = feed_read(source)
    if not feed.problems:
        feed_check(feed)
    if feed.problems:
        raise FeedInvalidError(feed.problems)
    return feed_replace(feed, source=source_name, illustrative=illustrative, notice=notice or {})
