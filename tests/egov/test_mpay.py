"""Fees paid through MPay: MPay's calls to our SOAP service (a zeep client built from the
WSDL we serve), the refusals as SOAP Faults, and the resident's way to MPay's pay page."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import zeep.exceptions

from smartcity.config.env import MPay
from smartcity.egov.models import FeeOrder
from smartcity.egov.mpay.pay import MPayOffError, pay_url
from smartcity.egov.services import fee_order_cancel, fee_order_create
from tests.egov.fake_mpay import SERVICE_ID, FakeMPay

SERVICE = "/egov/mpay/service/"
IDNP = "2001234567890"


def mpay_config(networks: tuple = ()) -> MPay:  # type: ignore[type-arg]
    return MPay(
        service_id=SERVICE_ID,
        pay_url="https://mpay.staging.egov.md/service/pay",
        allowed_networks=networks,
    )


@pytest.fixture
def mpay_on(settings):
    settings.SMARTCITY_MPAY = mpay_config()


@pytest.fixture
def fake_mpay(mpay_on, live_server):
    return FakeMPay(f"{live_server.url}{SERVICE}?wsdl")


def fee(amount: str = "150.00") -> FeeOrder:
    return fee_order_create(
        amount=Decimal(amount), reason="Taxa pentru certificat", payer_name="Ion Popescu"
    )


def fault_code(raised: pytest.ExceptionInfo) -> str:  # type: ignore[type-arg]
    return str(raised.value.code).rpartition(":")[2]


def test_mpay_reads_an_order_then_confirms_its_payment(fake_mpay):
    order = fee()
    [details] = fake_mpay.order_details(order.order_key)
    assert details.OrderKey == order.order_key
    assert details.ServiceID == SERVICE_ID
    assert details.TotalAmountDue == Decimal("150.00")
    assert details.Currency == "MDL"
    assert details.Reason == "Taxa pentru certificat"
    assert details.CustomerName == "Ion Popescu"
    assert details.Status == "Active"
    assert details.Lines.OrderLine[0].AmountDue == Decimal("150.00")

    fake_mpay.payment_confirm(order.order_key, Decimal("150.00"), payment_id="PAY-42")

    order.refresh_from_db()
    assert order.status == FeeOrder.Status.PAID
    assert order.mpay_payment_id == "PAY-42"
    assert order.mpay_invoice_id == "INV-0001"
    assert order.paid_at == datetime(2026, 12, 7, 10, 30, tzinfo=UTC)
    assert "ConfirmOrderPayment" in order.confirmation  # kept as MPay sent it
    [details] = fake_mpay.order_details(order.order_key)
    assert details.Status == "Paid"


def test_the_same_confirmation_twice_is_one_payment_answered_ok(fake_mpay):
    order = fee()
    fake_mpay.payment_confirm(order.order_key, Decimal("150.00"), payment_id="PAY-7")
    first_paid_at = FeeOrder.objects.get(pk=order.pk).paid_at
    fake_mpay.payment_confirm(
        order.order_key,
        Decimal("150.00"),
        payment_id="PAY-7",
        paid_at=datetime(2026, 12, 8, tzinfo=UTC),
    )
    order.refresh_from_db()
    assert order.status == FeeOrder.Status.PAID
    assert order.paid_at == first_paid_at
    assert FeeOrder.objects.filter(mpay_payment_id="PAY-7").count() == 1


def test_a_wrong_amount_is_refused_with_a_fault(fake_mpay):
    order = fee()
    with pytest.raises(zeep.exceptions.Fault) as raised:
        fake_mpay.payment_confirm(order.order_key, Decimal("15.00"))
    assert fault_code(raised) == "InvalidParameter"
    assert "amount" in raised.value.message
    order.refresh_from_db()
    assert order.status == FeeOrder.Status.PENDING


def test_another_currency_is_refused_with_a_fault(fake_mpay):
    order = fee()
    with pytest.raises(zeep.exceptions.Fault) as raised:
        fake_mpay.payment_confirm(order.order_key, Decimal("150.00"), currency="EUR")
    assert fault_code(raised) == "InvalidParameter"
    assert FeeOrder.objects.get(pk=order.pk).status == FeeOrder.Status.PENDING


def test_an_unknown_order_is_refused_with_a_fault(fake_mpay):
    with pytest.raises(zeep.exceptions.Fault) as raised:
        fake_mpay.payment_confirm("00000000-0000-0000-0000-000000000000", Decimal("1.00"))
    assert fault_code(raised) == "UnknownOrder"


def test_an_unknown_order_has_no_details(fake_mpay):
    assert not fake_mpay.order_details("00000000-0000-0000-0000-000000000000")


def test_another_service_is_refused_with_a_fault(mpay_on, live_server):
    order = fee()
    other = FakeMPay(f"{live_server.url}{SERVICE}?wsdl", service_id="someone-else")
    with pytest.raises(zeep.exceptions.Fault) as raised:
        other.payment_confirm(order.order_key, Decimal("150.00"))
    assert fault_code(raised) == "UnknownService"
    with pytest.raises(zeep.exceptions.Fault):
        other.order_details(order.order_key)


def test_a_second_payment_of_a_paid_order_is_refused(fake_mpay):
    order = fee()
    fake_mpay.payment_confirm(order.order_key, Decimal("150.00"), payment_id="PAY-1")
    with pytest.raises(zeep.exceptions.Fault) as raised:
        fake_mpay.payment_confirm(order.order_key, Decimal("150.00"), payment_id="PAY-2")
    assert fault_code(raised) == "InvalidParameter"
    assert FeeOrder.objects.get(pk=order.pk).mpay_payment_id == "PAY-1"


def test_a_cancelled_order_is_shown_cancelled_and_its_payment_refused(fake_mpay):
    order = fee()
    assert fee_order_cancel(order)
    [details] = fake_mpay.order_details(order.order_key)
    assert details.Status == "Cancelled"
    with pytest.raises(zeep.exceptions.Fault):
        fake_mpay.payment_confirm(order.order_key, Decimal("150.00"))
    assert FeeOrder.objects.get(pk=order.pk).status == FeeOrder.Status.CANCELLED


ENTITY_ENVELOPE = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
<GetOrderDetails xmlns="urn:md:balti:smartcity:mpay:serviceprovider"><query>
<OrderKey>&secret;</OrderKey><ServiceID>balti-fees</ServiceID></query></GetOrderDetails>
</s:Body></s:Envelope>"""


@pytest.mark.django_db
def test_a_message_with_a_dtd_is_refused_with_a_fault_unread(mpay_on, client):
    response = client.post(SERVICE, ENTITY_ENVELOPE, content_type="text/xml")
    assert response.status_code == 500  # SOAP 1.1: a Fault comes with 500
    assert b"<faultcode" in response.content
    assert b"InvalidParameter" in response.content
    assert b"root:" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("body", [b"", b"not xml", b"<a/>", b"<x:Envelope xmlns:x='urn:x'/>"])
def test_something_else_than_a_soap_envelope_is_a_fault(mpay_on, client, body):
    response = client.post(SERVICE, body, content_type="text/xml")
    assert response.status_code == 500
    assert b"InvalidParameter" in response.content


@pytest.mark.django_db
def test_a_caller_outside_mpays_networks_is_refused_with_a_fault(settings, client):
    import ipaddress

    settings.SMARTCITY_MPAY = mpay_config((ipaddress.ip_network("185.108.180.0/24"),))
    order = fee()
    response = client.post(SERVICE, _confirmation(order), content_type="text/xml")
    assert b"AuthenticationFailed" in response.content
    assert FeeOrder.objects.get(pk=order.pk).status == FeeOrder.Status.PENDING


@pytest.mark.django_db
def test_the_service_is_off_unless_configured(settings, client):
    settings.SMARTCITY_MPAY = None
    assert client.get(SERVICE, {"wsdl": ""}).status_code == 404
    order = fee()
    assert client.post(SERVICE, _confirmation(order), content_type="text/xml").status_code == 404
    assert FeeOrder.objects.get(pk=order.pk).status == FeeOrder.Status.PENDING


@pytest.mark.django_db
def test_the_wsdl_names_the_service_at_its_own_address(mpay_on, client):
    response = client.get(SERVICE, {"wsdl": ""})
    assert response.status_code == 200
    assert b'location="http://testserver/egov/mpay/service/"' in response.content
    assert b"ConfirmOrderPayment" in response.content


def _confirmation(order: FeeOrder) -> bytes:
    return f"""<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
<ConfirmOrderPayment xmlns="urn:md:balti:smartcity:mpay:serviceprovider"><confirmation>
<Currency>MDL</Currency><Lines><PaymentConfirmationLine><Amount>{order.amount}</Amount>
<LineID>1</LineID></PaymentConfirmationLine></Lines><OrderKey>{order.order_key}</OrderKey>
<PaidAt>2026-12-07T10:30:00Z</PaidAt><PaymentID>PAY-9</PaymentID>
<ServiceID>{SERVICE_ID}</ServiceID><TotalAmount>{order.amount}</TotalAmount>
</confirmation></ConfirmOrderPayment></s:Body></s:Envelope>""".encode()


@pytest.mark.django_db
def test_pay_url_sends_the_resident_to_mpay_with_service_order_and_return_address(mpay_on):
    order = fee()
    url = pay_url(order, return_url="https://smart.balti.md/services/12/?paid=1")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://mpay.staging.egov.md/service/pay"
    )
    assert parse_qs(parts.query) == {
        "ServiceID": [SERVICE_ID],
        "OrderKey": [order.order_key],
        "ReturnUrl": ["https://smart.balti.md/services/12/?paid=1"],
    }


@pytest.mark.django_db
def test_pay_url_is_refused_when_mpay_is_off(settings):
    settings.SMARTCITY_MPAY = None
    with pytest.raises(MPayOffError):
        pay_url(fee())


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["0", "-5", "1.005", "NaN"])
def test_fee_order_create_refuses_an_amount_that_is_not_a_sum_in_bani(amount):
    with pytest.raises(ValueError):
        fee_order_create(amount=Decimal(amount), reason="Taxa")


@pytest.mark.django_db
def test_fee_order_create_refuses_a_malformed_idnp_and_a_long_reason():
    with pytest.raises(ValueError):
        fee_order_create(amount=Decimal("10"), reason="Taxa", payer_idnp="123")
    with pytest.raises(ValueError):
        fee_order_create(amount=Decimal("10"), reason="x" * 51)


@pytest.mark.django_db
def test_each_fee_order_gets_its_own_key_and_keeps_the_amount_exact():
    first, second = fee("0.10"), fee("0.20")
    assert first.order_key != second.order_key
    assert FeeOrder.objects.get(pk=first.pk).amount + second.amount == Decimal("0.30")
    assert fee_order_create(amount=Decimal("5"), reason="Taxa", payer_idnp=IDNP).payer_idnp == IDNP
