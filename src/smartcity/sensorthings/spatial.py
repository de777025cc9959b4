"""Which devices' points stand in a spatial relation to a geometry (the `st_…` functions).

Without a spatial database the relation is computed here: the devices in the geometry's
bounding box come from the latitude and longitude columns, shapely tests each point
(vectorised), and the filter becomes a condition on the matching devices' ids.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from smartcity.devices.models import Device


def devices_related(relation: str, geometry: BaseGeometry) -> list[int]:
    """Ids of active devices whose point is within (`st_within`), equal to (`st_equals`)
    or intersects (any other relation) the geometry."""
    min_x, min_y, max_x, max_y = geometry.bounds
    candidates = Device.objects.filter(
        is_active=True,
        longitude__gte=min_x,
        longitude__lte=max_x,
        latitude__gte=min_y,
        latitude__lte=max_y,
    ).values_list("pk", "longitude", "latitude")
    ids, xs, ys = [], [], []
    for pk, x, y in candidates:
        ids.append(pk)
        xs.append(x)
        ys.append(y)
    if not ids:
        return []
    x_arr, y_arr = np.array(xs, dtype=float), np.array(ys, dtype=float)
    if relation == "st_within":
        # Within: in the interior, not on the boundary (the DE-9IM relation).
        inside = shapely.contains_xy(geometry, x_arr, y_arr)
    elif relation == "st_equals":
        inside = np.array(
            [geometry.equals(shapely.Point(x, y)) for x, y in zip(xs, ys, strict=True)]
        )
    else:
        inside = shapely.intersects_xy(geometry, x_arr, y_arr)
    return [pk for pk, hit in zip(ids, inside, strict=True) if hit]
