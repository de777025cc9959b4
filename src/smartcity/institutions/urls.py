from django.urls import path

from smartcity.institutions import staff_views, views

app_name = "institutions"
urlpatterns = [
    path("", views.institution_map, name="map"),
    path("map.geojson", views.institution_map_geojson, name="map_geojson"),
    path("kindergarten-places/", views.kindergarten_places, name="places"),
    path("<int:pk>/", views.institution_detail, name="institution"),
    path("<int:pk>.ics", views.institution_ics, name="institution_ics"),
    path("staff/", staff_views.staff_home, name="staff"),
    path("staff/new/", staff_views.institution_new, name="staff_new"),
    path("staff/<int:pk>/", staff_views.institution_edit, name="staff_edit"),
    path("staff/<int:pk>/events/new/", staff_views.institution_event_new, name="staff_event_new"),
    path("staff/places/import/", staff_views.places_upload, name="staff_places_import"),
]
