"""pysaml2's configuration of our service provider, built from the MPass settings."""

from __future__ import annotations

import shutil
import threading
import time

import saml2
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from saml2.config import SPConfig

from smartcity.config.env import MPass
from smartcity.config.site import absolute_url
from smartcity.egov.mpass import mpass_settings

# The attribute names of MPass's guide ("Returned attributes"); the IDNP is the NameID.
ATTRIBUTE_FIRST_NAME = "FirstName"
ATTRIBUTE_LAST_NAME = "LastName"
ATTRIBUTE_EMAIL = "EmailAddress"

# MPass's metadata changes when its signing certificate is rotated: read again daily.
METADATA_SECONDS = 24 * 3600
# The guide: "Enforce NotBefore/NotOnOrAfter with minimal clock skew tolerance".
CLOCK_SKEW_SECONDS = 60

_lock = threading.Lock()
_loaded: dict[tuple[MPass, str], tuple[float, SPConfig]] = {}


def sp_config_dict(mpass: MPass) -> dict:
    metadata: dict[str, list] = (
        {"remote": [{"url": mpass.idp_metadata}]}
        if mpass.idp_metadata.startswith(("https://", "http://"))
        else {"local": [mpass.idp_metadata]}
    )
    return {
        "entityid": mpass.sp_entity_id,
        "xmlsec_binary": shutil.which("xmlsec1"),
        "key_file": str(mpass.sp_key),
        "cert_file": str(mpass.sp_cert),
        "encryption_keypairs": [{"key_file": str(mpass.sp_key), "cert_file": str(mpass.sp_cert)}],
        "metadata": metadata,
        # MPass's attribute names are its own, not those of a standard schema.
        "allow_unknown_attributes": True,
        "accepted_time_diff": CLOCK_SKEW_SECONDS,
        "service": {
            "sp": {
                "name": "Bălți Smart City",
                "endpoints": {
                    "assertion_consumer_service": [
                        (absolute_url(reverse("egov:mpass_acs")), saml2.BINDING_HTTP_POST)
                    ],
                    "single_logout_service": [
                        (absolute_url(reverse("egov:mpass_ls")), saml2.BINDING_HTTP_REDIRECT),
                        (absolute_url(reverse("egov:mpass_ls_post")), saml2.BINDING_HTTP_POST),
                    ],
                },
                # MPass authenticates a service by the signature of its requests.
                "authn_requests_signed": True,
                "logout_requests_signed": True,
                # An unsigned Response is refused (the guide's security case TC_SEC_01).
                "want_response_signed": True,
                "want_assertions_signed": False,
                "want_assertions_or_response_signed": True,
                # Only answers to a request we made (InResponseTo), each once.
                "allow_unsolicited": False,
                "required_attributes": [ATTRIBUTE_FIRST_NAME, ATTRIBUTE_LAST_NAME],
                "optional_attributes": [ATTRIBUTE_EMAIL],
            }
        },
    }


def sp_config(request: HttpRequest | None = None) -> SPConfig:
    """djangosaml2's SAML_CONFIG_LOADER: the configuration for the current settings,
    loaded once a day (a remote metadata address is fetched then, never at start-up)."""
    mpass = mpass_settings()
    if mpass is None:
        raise LookupError("MPass is not configured")
    # The endpoints are absolute addresses on the site's URL: part of what was loaded.
    key = (mpass, settings.SMARTCITY_SITE_URL)
    with _lock:
        loaded = _loaded.get(key)
        if loaded is None or time.monotonic() - loaded[0] > METADATA_SECONDS:
            config = SPConfig()
            config.load(sp_config_dict(mpass))
            loaded = (time.monotonic(), config)
            _loaded.clear()
            _loaded[key] = loaded
    return loaded[1]
