"""The one compiled query of a to-many expansion is each parent's own query."""

from __future__ import annotations

from smartcity.sensorthings.engine import _compiled, _statements, filtered
from smartcity.sensorthings.entities import TYPES
from smartcity.sensorthings.options import options_parse


def test_swapping_parameters_gives_each_parents_own_statement(hub):
    thing, stream = TYPES["Thing"], TYPES["Datastream"]
    nested = options_parse({"$filter": "ObservedProperty/name ne 'no2'", "$top": "3"})
    parents = list(thing.fetch(thing.queryset().order_by("pk")))

    def make(row):
        rows = filtered(stream, thing.child_q(thing.navs["Datastreams"], row), nested)
        return rows.values_list("device_id", "quantity")[:4]

    assert _statements(make, parents) == [_compiled(make(row)) for row in parents]
    # Below a Datastream the parent's key has two columns, both swapped.
    streams = list(stream.fetch(stream.queryset().order_by("device_id", "quantity")))
    observations = TYPES["Observation"]
    above = options_parse({"$filter": "result gt 4", "$orderby": "phenomenonTime desc"})

    def readings(row):
        rows = filtered(observations, stream.child_q(stream.navs["Observations"], row), above)
        return rows.values_list("device_id", "quantity", "observed_at")

    assert len(streams) == 3
    assert _statements(readings, streams) == [_compiled(readings(row)) for row in streams]
