from django.urls import path

from smartcity.collaboration.views import needs

app_name = "collaboration"
urlpatterns = [
    path("needs/", needs.need_ranking, name="needs"),
    path("needs/new/", needs.need_register, name="need_register"),
    path("needs/weights/", needs.criteria_weights, name="criteria_weights"),
    path("needs/<int:pk>/", needs.need_detail, name="need"),
    path("needs/<int:pk>/support/", needs.need_support, name="need_support"),
    path("needs/<int:pk>/score/", needs.need_score, name="need_score"),
]
