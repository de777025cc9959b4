"""The SOAP service MPay calls (IServiceProvider, service.wsdl).

Off (404) unless SMARTCITY_MPAY is configured. Only MPay's addresses
(SMARTCITY_MPAY_ALLOWED_NETWORKS) may call it. Every refusal is a SOAP Fault with the
guide's fault code, never an error page.

Not done yet: the WS-Security X.509 signature on MPay's messages is not verified, and
the answers are not signed; the address filter (and TLS client authentication at the
reverse proxy) stands in for it.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from smartcity.egov import selectors, services
from smartcity.egov.models import FeeOrder
from smartcity.egov.mpay import soap
from smartcity.web.proxies import request_client_address

logger = logging.getLogger(__name__)

XML = "text/xml; charset=utf-8"
# The guide's OrderStatus for each of the platform's.
ORDER_STATUS = {
    FeeOrder.Status.PENDING: "Active",
    FeeOrder.Status.PAID: "Paid",
    FeeOrder.Status.CANCELLED: "Cancelled",
}


@csrf_exempt
def service(request: HttpRequest) -> HttpResponse:
    config = settings.SMARTCITY_MPAY
    if config is None:
        raise Http404
    if request.method == "GET" and "wsdl" in {key.lower() for key in request.GET}:
        location = request.build_absolute_uri(request.path)
        return HttpResponse(soap.wsdl_text(location), content_type=XML)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    try:
        if not _allowed(request_client_address(request), config.allowed_networks):
            raise soap.SoapFaultError(
                "AuthenticationFailed", "This address may not call the service."
            )
        name, operation = soap.operation_read(request.body)
        if name == "GetOrderDetails":
            answer = _order_details(operation, config.service_id)
        elif name == "ConfirmOrderPayment":
            answer = _payment_confirm(operation, config.service_id, request.body)
        else:
            raise soap.SoapFaultError("InvalidParameter", "Unknown operation.")
    except soap.SoapFaultError as fault:
        logger.info("MPay call refused: %s", fault.code)
        # SOAP 1.1 over HTTP: a Fault is sent with status 500 (WS-I Basic Profile 1.1).
        return HttpResponse(soap.fault_answer(fault), status=500, content_type=XML)
    return HttpResponse(answer, content_type=XML)


def _allowed(address: str, networks: tuple) -> bool:  # type: ignore[type-arg]
    if not networks:
        return True  # development and tests only: production requires the list
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _service_check(element, service_id: str) -> None:  # noqa: ANN001 - an Element
    if soap.text(element, "ServiceID") != service_id:
        raise soap.SoapFaultError("UnknownService", "The provided ServiceID is unknown.")


def _order_details(operation, service_id: str) -> bytes:  # noqa: ANN001 - an Element
    query = soap.child(operation, "query")
    _service_check(query, service_id)
    order = selectors.fee_order_by_key(soap.text(query, "OrderKey"))
    if order is None:
        # The guide answers a query with the matching orders: none.
        return soap.order_details_answer([])
    details = soap.OrderDetailsOut(
        service_id=service_id,
        order_key=order.order_key,
        reason=order.reason,
        status=ORDER_STATUS[FeeOrder.Status(order.status)],
        issued_at=order.created_at,
        total_amount_due=order.amount,
        currency=services.MPAY_CURRENCY,
        customer_id=order.payer_idnp,
        customer_name=order.payer_name,
        lines=(soap.OrderLineOut(line_id="1", reason=order.reason, amount_due=order.amount),),
    )
    return soap.order_details_answer([details])


def _payment_confirm(operation, service_id: str, message: bytes) -> bytes:  # noqa: ANN001
    confirmation = soap.child(operation, "confirmation")
    _service_check(confirmation, service_id)
    paid_at = soap.datetime_read(confirmation, "PaidAt")
    if timezone.is_naive(paid_at):
        paid_at = timezone.make_aware(paid_at)
    try:
        services.fee_order_payment_confirm(
            order_key=soap.text(confirmation, "OrderKey"),
            payment_id=soap.text(confirmation, "PaymentID"),
            paid_at=paid_at,
            amount=soap.decimal_read(confirmation, "TotalAmount"),
            currency=soap.text(confirmation, "Currency", limit=3),
            invoice_id=soap.text(confirmation, "InvoiceID", required=False),
            message=message.decode("utf-8", errors="replace"),
        )
    except services.PaymentRefusedError as refused:
        raise soap.SoapFaultError(refused.code, str(refused)) from None
    return soap.confirm_answer()
