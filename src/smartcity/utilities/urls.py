from django.urls import path

from smartcity.utilities import views

app_name = "utilities"
urlpatterns = [
    path("", views.building_list, name="buildings"),
    path("buildings/<slug:key>/", views.building_detail, name="building"),
]
