from django.urls import path

from smartcity.service_requests import feeds
from smartcity.service_requests.views import browse, public, report, stats, subscriptions

app_name = "service_requests"
urlpatterns = [
    path("", browse.request_list, name="list"),
    path("map.geojson", browse.request_map, name="map"),
    path("new/", report.report, name="report"),
    path("new/attributes/", report.attribute_fields, name="attribute_fields"),
    path("new/nearby/", report.nearby, name="nearby"),
    path("new/streets/", report.streets, name="streets"),
    path("new/suggestions/", report.category_suggestions, name="category_suggestions"),
    path("stats/", stats.stats, name="stats"),
    path("track/", public.request_track, name="track"),
    path("alerts/", subscriptions.subscribe, name="subscribe"),
    path(
        "alerts/confirm/<str:token>/",
        subscriptions.subscription_confirm,
        name="subscription_confirm",
    ),
    path("feeds/district/<slug:slug>.atom", feeds.DistrictFeed(), name="district_feed"),
    path("feeds/area.atom", feeds.area_feed, name="area_feed"),
    path("unsubscribe/<str:token>/", public.subscription_unsubscribe, name="unsubscribe"),
    path("<str:tracking_code>/", public.request_detail, name="detail"),
    path("<str:tracking_code>/confirmation/", report.confirmation, name="confirmation"),
    path("<str:tracking_code>/feedback/<str:token>/", public.request_feedback, name="feedback"),
]
