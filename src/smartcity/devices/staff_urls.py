from django.urls import path

from smartcity.devices import staff

app_name = "hub_staff"
urlpatterns = [
    path("", staff.alert_list, name="alerts"),
    path("<int:pk>/<str:action>", staff.alert_act, name="alert_act"),
    path("rules/", staff.rule_list, name="rules"),
    path("rules/new/", staff.rule_edit, name="rule_new"),
    path("rules/<int:pk>/", staff.rule_edit, name="rule_edit"),
]
