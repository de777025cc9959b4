"""A session of the PyPI client `ngsildclient` against the hub's NGSI-LD API.

Run by tests/devices/test_ngsi_ld_client.py under the client's own virtual environment
(`.venv-ngsildclient`, made by `make`): ngsildclient 0.5.2 pins libraries older than the
platform's own (rich < 13, networkx < 3), so it cannot share the platform's environment,
just as a real outside client would not. It prints what each step gave, as JSON.

    python session.py <host> <port> <bearer token>
"""

from __future__ import annotations

import json
import sys

from ngsildclient import Client, Entity
from requests.auth import AuthBase

FIWARE_STREETLIGHT = "https://uri.fiware.org/ns/dataModels#StreetLight"
LAMP = "urn:ngsi-ld:StreetLight:SL-C1"


class Bearer(AuthBase):
    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, request):  # noqa: ANN001, ANN204 - requests' own signature
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


def lamp(ref: str, power: float) -> Entity:
    entity = Entity("StreetLight", ref)
    entity.loc(47.7612, 27.9281)
    entity.prop("name", f"Felinar {ref}")
    entity.prop("activePower", power, unitcode="WTT")
    return entity


def main(host: str, port: int, token: str) -> dict[str, object]:
    results: dict[str, object] = {}
    with Client(hostname=host, port=port, custom_auth=Bearer(token), verbose=False) as client:
        results["created"] = client.create(lamp("SL-C1", 40.0))
        got = client.get(LAMP)
        results["got_type"] = got.type
        results["got_power"] = got["activePower"]["value"]
        results["by_type"] = sorted(e.id for e in client.query(type="StreetLight"))
        results["by_iri"] = sorted(e.id for e in client.query(type=FIWARE_STREETLIGHT))
        results["count"] = client.count(type="StreetLight")
        results["upserted"] = client.upsert(lamp("SL-C1", 55.0))
        results["after_upsert"] = client.get(LAMP)["activePower"]["value"]
        results["updated"] = client.update(lamp("SL-C1", 60.0))
        results["after_update"] = client.get(LAMP)["activePower"]["value"]
        results["exists"] = client.exists(LAMP)
        batch = [lamp("SL-B1", 10.0), lamp("SL-B2", 20.0)]
        created = client.create(batch)
        results["batch_created"] = sorted(created.success)
        upserted = client.upsert([lamp("SL-B1", 11.0), lamp("SL-B3", 30.0)])
        results["batch_upserted"] = sorted(upserted.success)
        updated = client.update([lamp("SL-B2", 21.0)])
        results["batch_updated"] = sorted(updated.success)
        deleted = client.delete(batch)
        results["batch_deleted"] = sorted(deleted.success)
        results["deleted"] = client.delete(got)
        results["exists_after_delete"] = client.exists(LAMP)
        results["types"] = client.types.list()
    return results


if __name__ == "__main__":
    host, port, token = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    json.dump(main(host, port, token), sys.stdout, default=str)
