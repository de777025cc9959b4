from django.urls import path

from smartcity.public_services.views import public, staff

app_name = "public_services"
urlpatterns = [
    path("", public.catalogue, name="catalogue"),
    path("statistics/", public.statistics, name="statistics"),
    path("petition/", public.petition, name="petition"),
    path("mine/", public.my_applications, name="mine"),
    path("mine/<int:pk>/", public.application_detail, name="application"),
    path("mine/<int:pk>/withdraw/", public.application_withdraw, name="withdraw"),
    path("mine/<int:pk>/answer.pdf", public.answer_download, name="answer"),
    path("staff/", staff.queues, name="staff_queues"),
    path("staff/<slug:slug>/", staff.queue, name="staff_queue"),
    path("staff/papers/<int:pk>/", staff.paper, name="staff_paper"),
    path(
        "staff/papers/<int:pk>/attachments/<int:attachment>/",
        staff.attachment_download,
        name="staff_attachment",
    ),
    path("<slug:slug>/", public.service_detail, name="service"),
    path("<slug:slug>/apply/", public.apply, name="apply"),
]
