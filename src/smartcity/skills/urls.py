from django.urls import path

from smartcity.skills.views import public, respondent, staff

app_name = "skills"
urlpatterns = [
    path("", public.results, name="results"),
    path("<int:year>/report.pdf", public.report, name="report"),
    path("classification/", public.classification, name="classification"),
    path("r/<str:token>/", respondent.respond, name="respond"),
    path("r/<str:token>/save/", respondent.answer_save, name="answer_save"),
    path("staff/", staff.desk, name="desk"),
    path("staff/rounds/<int:pk>/invite/", staff.invite, name="invite"),
    path("staff/rounds/<int:pk>/remind/", staff.remind, name="remind"),
    path("staff/rounds/<int:pk>/responses.csv", staff.export_csv, name="export_csv"),
    path("staff/rounds/<int:pk>/responses.xlsx", staff.export_xlsx, name="export_xlsx"),
    path("staff/surveys/<int:pk>/preview/", staff.preview, name="preview"),
]
