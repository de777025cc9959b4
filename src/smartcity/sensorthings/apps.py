from django.apps import AppConfig


class SensorThingsConfig(AppConfig):
    name = "smartcity.sensorthings"
    label = "sensorthings"
    verbose_name = "OGC SensorThings API"
