from django.urls import path

from smartcity.strategy import views

app_name = "strategy"
urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("staff/import/", views.plans_import_view, name="import"),
    path("staff/actions/<int:pk>/", views.action_edit, name="action_edit"),
    path("staff/milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("staff/indicators/<int:pk>/", views.indicator_edit, name="indicator_edit"),
    path("staff/items/<int:pk>/", views.item_edit, name="item_edit"),
    path("staff/items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("staff/items/<int:pk>/links/", views.item_links, name="item_links"),
    path("staff/items/<int:pk>/indicators/add/", views.indicator_add, name="indicator_add"),
    path(
        "staff/indicators/<int:pk>/definition/",
        views.indicator_definition,
        name="indicator_definition",
    ),
    path("staff/indicators/<int:pk>/remove/", views.indicator_remove, name="indicator_remove"),
    path("staff/plans/<slug:code>/add/", views.item_add, name="item_add"),
    path("<slug:code>/", views.plan_detail, name="plan"),
    path("<slug:code>/report-<int:year>.pdf", views.plan_report, name="report"),
    path("<slug:code>/export.<str:fmt>", views.plan_export, name="export"),
    path("<slug:code>/history/", views.plan_history, name="history"),
]
