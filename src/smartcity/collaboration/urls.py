from django.urls import path

from smartcity.collaboration.views import events, ideas, letters, needs, office, projects

app_name = "collaboration"
urlpatterns = [
    path("needs/", needs.need_ranking, name="needs"),
    path("needs/new/", needs.need_register, name="need_register"),
    path("needs/weights/", needs.criteria_weights, name="criteria_weights"),
    path("needs/<int:pk>/", needs.need_detail, name="need"),
    path("needs/<int:pk>/support/", needs.need_support, name="need_support"),
    path("needs/<int:pk>/score/", needs.need_score, name="need_score"),
    path("ideas/", ideas.idea_list, name="ideas"),
    path("ideas/mine/", ideas.idea_mine, name="ideas_mine"),
    path("ideas/new/", ideas.idea_create, name="idea_create"),
    path("ideas/<int:pk>/", ideas.idea_detail, name="idea"),
    path("ideas/<int:pk>/edit/", ideas.idea_edit, name="idea_edit"),
    path("ideas/<int:pk>/draft/", ideas.idea_draft_save, name="idea_draft"),
    path("ideas/<int:pk>/submit/", ideas.idea_submit, name="idea_submit"),
    path("letters/<int:pk>.pdf", letters.letter_download, name="letter_pdf"),
    path("letters/<int:pk>/receipt/", letters.letter_receipt, name="letter_receipt"),
    path("office/", office.office_home, name="office"),
    path("office/ideas/<int:pk>/", office.office_idea, name="office_idea"),
    path("office/ideas/<int:pk>/assign/", office.office_assign, name="office_assign"),
    path("office/ideas/<int:pk>/note/", office.office_note, name="office_note"),
    path("office/ideas/<int:pk>/answer/", office.office_answer, name="office_answer"),
    path("projects/", projects.project_list, name="projects"),
    path("projects/<int:pk>/", projects.project_detail, name="project"),
    path("projects/<int:pk>/milestones/", projects.milestone_add, name="milestone_add"),
    path(
        "projects/<int:pk>/milestones/<int:milestone_pk>/done/",
        projects.milestone_done,
        name="milestone_done",
    ),
    path("projects/<int:pk>/people/", projects.responsible_add, name="responsible_add"),
    path("events/", events.event_list, name="events"),
    path("events.ics", events.events_ics, name="events_ics"),
    path("events/<int:pk>/", events.event_detail, name="event"),
    path("events/<int:pk>.ics", events.event_ics, name="event_ics"),
    path("events/<int:pk>/attendance/", events.event_attendance, name="event_attendance"),
    path("registrations/<str:token>/", events.registration_detail, name="registration"),
]
