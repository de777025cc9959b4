"""The service provider's endpoints: djangosaml2's views, off unless MPass is configured,
with errors shown as a page of the site in the visitor's language."""

from __future__ import annotations

import logging

from django.contrib import auth
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from djangosaml2 import views as saml_views
from djangosaml2.utils import get_fallback_login_redirect_url
from saml2.response import (
    IncorrectlySigned,
    SignatureError,
    StatusAuthnFailed,
    StatusRequestDenied,
)
from saml2.sigver import MissingKey
from saml2.validate import ResponseLifetimeExceed, ToEarly

from smartcity.egov.models import MPassIdentity
from smartcity.egov.mpass import config, mpass_enabled
from smartcity.egov.mpass.backends import LINK_SESSION_KEY
from smartcity.web.views import login_destination

log = logging.getLogger(__name__)

REASONS = (
    (
        (ResponseLifetimeExceed, ToEarly),
        _("The answer from MPass has expired. Please sign in again."),
    ),
    (
        (SignatureError, IncorrectlySigned, MissingKey),
        _("The answer from MPass could not be verified, so you were not signed in."),
    ),
    (
        (StatusAuthnFailed, StatusRequestDenied),
        _("Signing in with MPass was cancelled or refused by MPass."),
    ),
)
GENERIC_REASON = _("Signing in with MPass did not succeed, so you were not signed in.")


def mpass_refused(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    """The page for every refused MPass answer: a reason a resident understands, 403."""
    reason = GENERIC_REASON
    for kinds, text in REASONS:
        if isinstance(exception, kinds):
            reason = text
            break
    return render(request, "egov/mpass_refused.html", {"reason": reason}, status=403)


class _OnlyConfigured:
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:  # noqa: ANN002,ANN003
        if not mpass_enabled():
            raise Http404
        try:
            config.sp_config()
        except Exception as error:  # noqa: BLE001 - metadata unreachable, a bad file or key
            # A page, not a 500; the kind of failure in the log for the IT team.
            log.error("MPass's configuration could not be loaded: %s", type(error).__name__)
            return mpass_refused(request, error)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class MPassLoginView(_OnlyConfigured, saml_views.LoginView):
    """Sends the visitor to MPass with a signed AuthnRequest (HTTP-Redirect binding)."""

    def should_prevent_auth(self, request: HttpRequest) -> bool:
        # A signed-in account without an MPass identity may link one: remembered on the
        # SAML session, which is the one cookie MPass's cross-site POST brings back.
        if request.user.is_authenticated:
            if MPassIdentity.objects.filter(user_id=request.user.pk).exists():
                return True
            request.saml_session[LINK_SESSION_KEY] = request.user.pk  # type: ignore[attr-defined]
        return False


class MPassAcsView(_OnlyConfigured, saml_views.AssertionConsumerServiceView):
    """Receives MPass's signed Response (HTTP-POST binding) and signs the resident in."""

    def handle_acs_failure(  # type: ignore[override]
        self,
        request: HttpRequest,
        exception: BaseException | None = None,
        status: int = 403,
        **kwargs: object,
    ) -> HttpResponse:
        return mpass_refused(request, exception)

    def authenticate_user(  # type: ignore[override]
        self,
        request: HttpRequest,
        session_info: dict,
        attribute_mapping: dict,
        create_unknown_user: bool,
        assertion_info: dict,
    ):
        # djangosaml2's own logs the whole session info (the IDNP) when no user is found.
        user = auth.authenticate(
            request=request,
            session_info=session_info,
            attribute_mapping=attribute_mapping,
            create_unknown_user=create_unknown_user,
            assertion_info=assertion_info,
        )
        if user is None:
            raise PermissionDenied("MPass identity refused")
        auth.login(request, user)
        saml_views._set_subject_id(request.saml_session, session_info["name_id"])  # type: ignore[attr-defined]
        return user

    def custom_redirect(self, user, relay_state: str, session_info: dict) -> str:  # noqa: ANN001
        # The page asked for (RelayState, from ?next=) when it is on this site; else where
        # a sign-in of this account leads (staff then confirm it with their second factor).
        on_site = url_has_allowed_host_and_scheme(
            relay_state, {self.request.get_host()}, require_https=self.request.is_secure()
        )
        asked = relay_state != get_fallback_login_redirect_url()
        if asked and on_site and relay_state.startswith("/"):
            return relay_state
        return login_destination(user)


class MPassMetadataView(_OnlyConfigured, saml_views.MetadataView):
    """Our SP metadata, to register with MPass."""


class MPassLogoutView(_OnlyConfigured, saml_views.LogoutInitView):
    """Signs out here and at MPass (single logout): a POST, like the site's own logout."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:  # noqa: ANN002,ANN003
        if saml_views._get_subject_id(request.saml_session) is None:  # type: ignore[attr-defined]
            # Not signed in through MPass in this browser: a local sign-out is all there is.
            auth.logout(request)
            return redirect("web:home")
        return super().get(request, *args, **kwargs)

    def handle_unsupported_slo_exception(self, request, exception, *args, **kwargs):  # noqa: ANN001,ANN002,ANN003
        return redirect("web:home")


class MPassLogoutServiceView(_OnlyConfigured, saml_views.LogoutView):
    """MPass's LogoutResponse to our request, or its LogoutRequest (single logout)."""

    logout_error_template = "egov/mpass_logout_refused.html"
