"""Paying the city's fees through MPay (egov-moldova/egov4dev, docs/guides/mpay).

MPay calls the platform's SOAP service, which implements MPay's IServiceProvider contract
(service.wsdl): GetOrderDetails (what an order is: amount, payer, reason, status) and
ConfirmOrderPayment (it was paid). Residents are sent to MPay's pay page (pay.py). Other
apps make a fee with smartcity.egov.services.fee_order_create(...).
"""
