from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from smartcity.config.api import api
from smartcity.opendata import views as opendata_views
from smartcity.transit.realtime import views as transit_realtime_views
from smartcity.web import views as web_views

urlpatterns = [
    path("", include("smartcity.web.urls")),
    path("requests/", include("smartcity.service_requests.urls")),
    path("collaboration/", include("smartcity.collaboration.urls")),
    path("api/", api.urls),
    path("open311/v2/", include("smartcity.service_requests.open311.urls")),
    path("staff/alerts/", include("smartcity.devices.staff_urls")),
    path("staff/", include("smartcity.service_requests.staff.urls")),
    path("ingest/v1/vehicle-positions", transit_realtime_views.positions_post),
    path("ingest/", include("smartcity.devices.urls")),
    path("transit/", include("smartcity.transit.realtime.urls")),
    path("ngsi-ld/v1/", include("smartcity.devices.ngsi_ld.urls")),
    path("sta/v1.1/", include("smartcity.sensorthings.urls")),
    path("lighting/", include("smartcity.lighting.urls")),
    path("environment/", include("smartcity.environment.urls")),
    path("waste/", include("smartcity.waste.urls")),
    path("utilities/", include("smartcity.utilities.urls")),
    path("housing/", include("smartcity.housing.urls")),
    path("institutions/", include("smartcity.institutions.urls")),
    path("appointments/", include("smartcity.appointments.urls")),
    path("services/", include("smartcity.public_services.urls")),
    path("strategy/", include("smartcity.strategy.urls")),
    path("transit/", include("smartcity.transit.urls")),
    path("opendata/", include("smartcity.opendata.urls")),
    path("dashboard/", opendata_views.dashboard, name="dashboard"),
    path("skills/", include("smartcity.skills.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", web_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/second-factor/", include("smartcity.signin.urls")),
    path("signin/mpass/", include("smartcity.egov.mpass.urls")),
    # MPay's calls (SOAP), off (404) unless SMARTCITY_MPAY_SERVICE_ID is set.
    path("egov/mpay/", include("smartcity.egov.mpay.urls")),
    # A new staff account's first password (the link `smartcity city_load` prints):
    # Django's password reset confirmation, its token void once a password is set.
    path(
        "accounts/password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_set.html",
            success_url=reverse_lazy("password_set_done"),
        ),
        name="password_set",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_set_done.html"
        ),
        name="password_set_done",
    ),
    path("admin/", admin.site.urls),
]
# Photos on the local disk (on S3 they are links signed by the storage itself).
urlpatterns.append(path("media/<path:name>", web_views.media_file, name="media"))

# Error pages in the site's look and the visitor's language, not Django's English defaults.
handler400 = "smartcity.web.errors.bad_request"
handler403 = "smartcity.web.errors.permission_denied"
handler404 = "smartcity.web.errors.page_not_found"
handler500 = "smartcity.web.errors.server_error"
