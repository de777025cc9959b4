from django.urls import path

from smartcity.service_requests.views import public

app_name = "service_requests"
urlpatterns = [
    path("track/", public.request_track, name="track"),
    path("unsubscribe/<str:token>/", public.subscription_unsubscribe, name="unsubscribe"),
    path("<str:tracking_code>/", public.request_detail, name="detail"),
    path("<str:tracking_code>/feedback/<str:token>/", public.request_feedback, name="feedback"),
]
