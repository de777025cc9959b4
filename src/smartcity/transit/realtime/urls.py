from django.urls import path

from smartcity.transit.realtime import views

app_name = "transit_realtime"

urlpatterns = [
    path("gtfs-rt/vehicle-positions", views.vehicle_positions_feed, name="vehicle_positions"),
    path("gtfs-rt/trip-updates", views.trip_updates_feed, name="trip_updates"),
    path("gtfs-rt/alerts", views.alerts_feed, name="alerts"),
    path("live/", views.live_map, name="live_map"),
    path("live/vehicles.json", views.live_vehicles, name="live_vehicles"),
    path("live/stops/<str:stop_id>/", views.stop_board, name="stop_board"),
    path("punctuality/", views.punctuality_report, name="punctuality"),
]
