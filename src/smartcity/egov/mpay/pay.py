"""Sending a resident to MPay's pay page (MPay's guide, "Perform online payment")."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings

from smartcity.egov.models import FeeOrder


class MPayOffError(RuntimeError):
    """MPay is not configured (SMARTCITY_MPAY_SERVICE_ID)."""


def pay_url(order: FeeOrder, *, return_url: str = "") -> str:
    """The address of MPay's pay page for this order: ServiceID, OrderKey and ReturnUrl
    (where MPay sends the resident back, by GET, whether the payment succeeded or not)
    as the guide's form or URL parameters. A "Pay with MPay" link or button goes there."""
    config = settings.SMARTCITY_MPAY
    if config is None:
        raise MPayOffError("MPay is not configured")
    parameters = {"ServiceID": config.service_id, "OrderKey": order.order_key}
    if return_url:
        parameters["ReturnUrl"] = return_url
    separator = "&" if "?" in config.pay_url else "?"
    return f"{config.pay_url}{separator}{urlencode(parameters)}"
