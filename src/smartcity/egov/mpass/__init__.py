"""Sign-in with MPass, the government's SAML 2.0 identity provider, through djangosaml2.

What MPass sends follows its published integration guide (egov-moldova/egov4dev,
docs/guides/mpass: "Integration development" → "Returned attributes", and "API
references"): the resident's IDNP as the Subject's NameID ("NameIdentifier … should be
returned as NameID"), the names in the attributes `FirstName` and `LastName`, the e-mail
in `EmailAddress`; the Response is signed by MPass, the AuthnRequest by us.
"""

from __future__ import annotations

from django.conf import settings

from smartcity.config.env import MPass

# Whether MPass is on is asked by every sign-in page: it is answered from the settings
# alone, since importing pysaml2 (it compiles its XML schemas) takes seconds of a process's
# start; that waits for the first MPass request.


def mpass_settings() -> MPass | None:
    return settings.SMARTCITY_MPASS


def mpass_enabled() -> bool:
    return mpass_settings() is not None
