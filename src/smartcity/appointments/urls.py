from django.urls import path

from smartcity.appointments import views

app_name = "appointments"
urlpatterns = [
    path("", views.service_list, name="services"),
    path("booking/<str:token>/", views.booking_detail, name="booking"),
    path("booking/<str:token>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("booking/<str:token>/appointment.ics", views.booking_ics, name="booking_ics"),
    path("staff/", views.staff_desks, name="staff_desks"),
    path("staff/desks/<int:number>/", views.staff_desk_day, name="staff_desk"),
    path("staff/bookings/<int:pk>/mark/", views.staff_booking_mark, name="staff_mark"),
    path("<slug:slug>/", views.service_times, name="service"),
    path("<slug:slug>/book/", views.book, name="book"),
]
