"""A fake MPay: the calls MPay makes to a service provider, through zeep (a SOAP client)
built from the WSDL the platform serves, as MPay's own client is built from it."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import zeep

SERVICE_ID = "balti-fees"


class FakeMPay:
    def __init__(self, wsdl_url: str, service_id: str = SERVICE_ID) -> None:
        self.client = zeep.Client(wsdl_url)
        self.service_id = service_id

    def order_details(self, order_key: str, language: str = "ro"):  # noqa: ANN201 - zeep's
        return self.client.service.GetOrderDetails(
            query={"Language": language, "OrderKey": order_key, "ServiceID": self.service_id}
        )

    def payment_confirm(
        self,
        order_key: str,
        amount: Decimal,
        *,
        payment_id: str = "PAY-0001",
        currency: str = "MDL",
        paid_at: datetime | None = None,
    ) -> None:
        self.client.service.ConfirmOrderPayment(
            confirmation={
                "Currency": currency,
                "InvoiceID": "INV-0001",
                "Lines": {"PaymentConfirmationLine": [{"Amount": amount, "LineID": "1"}]},
                "OrderKey": order_key,
                "PaidAt": paid_at or datetime(2026, 12, 7, 10, 30, tzinfo=UTC),
                "PaymentID": payment_id,
                "ServiceID": self.service_id,
                "TotalAmount": amount,
            }
        )
