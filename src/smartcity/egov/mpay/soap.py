"""MPay's SOAP messages: requests read safely, answers and faults written.

Requests are parsed with defusedxml (no DTD, no entities, nothing fetched); the body's
first element names the operation (document/literal, as the WSDL binds it).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
NS = "urn:md:balti:smartcity:mpay:serviceprovider"
WSDL_PATH = Path(__file__).with_name("service.wsdl")
WSDL_LOCATION = "https://smart.balti.md/egov/mpay/service/"
# A confirmation is a few kilobytes, with MPay's signature; nothing needs more.
MAX_REQUEST_BYTES = 256 * 1024

ET.register_namespace("s", SOAP_ENV)
ET.register_namespace("mpay", NS)


class SoapFaultError(Exception):
    """An answer as a SOAP Fault: `code` one of the guide's fault codes."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def wsdl_text(location: str) -> str:
    """The WSDL with the service's own address."""
    return WSDL_PATH.read_text(encoding="utf-8").replace(WSDL_LOCATION, location)


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def operation_read(body: bytes) -> tuple[str, ET.Element]:
    """The operation's name and its element (GetOrderDetails, ConfirmOrderPayment)."""
    if len(body) > MAX_REQUEST_BYTES:
        raise SoapFaultError("InvalidParameter", "The message is too large.")
    try:
        envelope = fromstring(body, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError):
        raise SoapFaultError("InvalidParameter", "The message is not a SOAP envelope.") from None
    soap_body = (
        envelope.find(f"{{{SOAP_ENV}}}Body") if envelope.tag == f"{{{SOAP_ENV}}}Envelope" else None
    )
    if soap_body is None or len(soap_body) == 0:
        raise SoapFaultError("InvalidParameter", "The message is not a SOAP 1.1 envelope.")
    operation = soap_body[0]
    if not operation.tag.startswith(f"{{{NS}}}"):
        raise SoapFaultError("InvalidParameter", "Unknown operation.")
    return operation.tag[len(NS) + 2 :], operation


def text(parent: ET.Element, name: str, *, required: bool = True, limit: int = 36) -> str:
    element = parent.find(_q(name))
    value = (element.text or "").strip() if element is not None else ""
    if required and not value:
        raise SoapFaultError("InvalidParameter", f"{name} is required.")
    if len(value) > limit:
        raise SoapFaultError("InvalidParameter", f"{name} is longer than {limit} characters.")
    return value


def child(parent: ET.Element, name: str) -> ET.Element:
    element = parent.find(_q(name))
    if element is None:
        raise SoapFaultError("InvalidParameter", f"{name} is required.")
    return element


def decimal_read(parent: ET.Element, name: str) -> Decimal:
    raw = text(parent, name, limit=40)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise SoapFaultError("InvalidParameter", f"{name} is not a decimal number.") from None
    if not value.is_finite():
        raise SoapFaultError("InvalidParameter", f"{name} is not a decimal number.")
    return value


def datetime_read(parent: ET.Element, name: str) -> datetime:
    raw = text(parent, name, limit=40)
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        raise SoapFaultError("InvalidParameter", f"{name} is not an xs:dateTime.") from None


@dataclass(frozen=True)
class OrderLineOut:
    line_id: str
    reason: str
    amount_due: Decimal


@dataclass(frozen=True)
class OrderDetailsOut:
    service_id: str
    order_key: str
    reason: str
    status: str
    issued_at: datetime
    total_amount_due: Decimal
    currency: str
    customer_id: str
    customer_name: str
    lines: tuple[OrderLineOut, ...]


def _sub(parent: ET.Element, name: str, value: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, _q(name))
    if value is not None:
        element.text = value
    return element


def _envelope() -> tuple[ET.Element, ET.Element]:
    envelope = ET.Element(f"{{{SOAP_ENV}}}Envelope")
    return envelope, ET.SubElement(envelope, f"{{{SOAP_ENV}}}Body")


def _bytes(envelope: ET.Element) -> bytes:
    return ET.tostring(envelope, encoding="utf-8", xml_declaration=True)


def order_details_answer(orders: list[OrderDetailsOut]) -> bytes:
    """GetOrderDetailsResponse, members in the WSDL's (alphabetical) order."""
    envelope, body = _envelope()
    result = _sub(_sub(body, "GetOrderDetailsResponse"), "GetOrderDetailsResult")
    for order in orders:
        details = _sub(result, "OrderDetails")
        _sub(details, "AllowAdvancePayment", "false")
        _sub(details, "AllowPartialPayment", "false")
        _sub(details, "Currency", order.currency)
        _sub(details, "CustomerID", order.customer_id)
        _sub(details, "CustomerName", order.customer_name)
        _sub(details, "CustomerType", "Person")
        _sub(details, "IssuedAt", order.issued_at.isoformat())
        lines = _sub(details, "Lines")
        for line in order.lines:
            element = _sub(lines, "OrderLine")
            _sub(element, "AmountDue", str(line.amount_due))
            _sub(element, "LineID", line.line_id)
            _sub(element, "Reason", line.reason)
        _sub(details, "OrderKey", order.order_key)
        _sub(details, "Reason", order.reason)
        _sub(details, "ServiceID", order.service_id)
        _sub(details, "Status", order.status)
        _sub(details, "TotalAmountDue", str(order.total_amount_due))
    return _bytes(envelope)


def confirm_answer() -> bytes:
    envelope, body = _envelope()
    _sub(body, "ConfirmOrderPaymentResponse")
    return _bytes(envelope)


def fault_answer(fault: SoapFaultError) -> bytes:
    """A SOAP 1.1 Fault; the code qualified in the service's namespace, the reason in
    plain English, as the guide asks."""
    envelope, body = _envelope()
    element = ET.SubElement(body, f"{{{SOAP_ENV}}}Fault")
    code = ET.SubElement(element, "faultcode")
    code.text = f"mpay:{fault.code}"
    code.set("xmlns:mpay", NS)
    ET.SubElement(element, "faultstring").text = fault.reason
    return _bytes(envelope)
